using System.Collections.Concurrent;

namespace JourneyFunctions.Marketo;

/// <summary>
/// Static list and campaign ids by name, looked up with Get Lists / Get Campaigns and kept for <see cref="Ttl"/>: an
/// activity call resolves its name once, and the calls of the next seconds (the other batches of a run) reuse it,
/// while a list renamed or deleted in Marketo is seen within a minute. A name that matches nothing is cached too.
/// </summary>
public sealed class MarketoNames(MarketoClient client, TimeProvider clock)
{
    /// <summary>How long a looked-up id is trusted.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (long? Id, DateTimeOffset Until)> _ids = new(StringComparer.Ordinal);

    public Task<long?> ListAsync(string name, CancellationToken cancellationToken) =>
        CachedAsync($"list\u001f{name}", async ct => Single(await client.FindStaticListsAsync(name, ct), name, null), cancellationToken);

    public Task<long?> CampaignAsync(string? workspace, string name, CancellationToken cancellationToken) =>
        CachedAsync($"campaign\u001f{workspace}\u001f{name}", async ct => Single(await client.FindRequestableCampaignsAsync(name, ct), name, workspace), cancellationToken);

    /// <summary>The one asset of exactly that name (Marketo's name filter is not exact) in the workspace when given.</summary>
    private static long? Single(IReadOnlyList<MarketoAsset> found, string name, string? workspace)
    {
        List<MarketoAsset> exact = found.Where(a => a.Name == name && (workspace is null || a.WorkspaceName == workspace)).ToList();
        return exact.Count switch
        {
            0 => null,
            1 => exact[0].Id,
            _ => throw new MarketoApiException($"Marketo has {exact.Count} assets named '{name}'{(workspace is null ? "" : $" in workspace '{workspace}'")}; the name must be unique."),
        };
    }

    private async Task<long?> CachedAsync(string key, Func<CancellationToken, Task<long?>> lookUp, CancellationToken cancellationToken)
    {
        DateTimeOffset now = clock.GetUtcNow();
        if (_ids.TryGetValue(key, out (long? Id, DateTimeOffset Until) cached) && cached.Until > now)
        {
            return cached.Id;
        }

        long? id = await lookUp(cancellationToken);
        _ids[key] = (id, now + Ttl);
        return id;
    }
}

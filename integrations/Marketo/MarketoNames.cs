using System.Collections.Concurrent;
using JourneyFunctions.Domain.Marketo;

namespace JourneyFunctions.Marketo;

/// <summary>
/// Static list and campaign ids, and programs with their statuses, by name, looked up with Get Lists / Get Campaigns /
/// Get Program by Name (and its channel) and kept for <see cref="Ttl"/>: an activity call resolves its name once, and
/// the calls of the next seconds (the other batches of a run) reuse it, while a list renamed or deleted in Marketo is
/// seen within a minute. A name that matches nothing is cached too. Callers asking for one name at once share its
/// lookup (a save check resolves the names of all its nodes side by side), and a failed lookup is not kept.
/// </summary>
public sealed class MarketoNames(MarketoClient client, TimeProvider clock)
{
    /// <summary>How long a looked-up id is trusted.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (Lazy<Task<object?>> Found, DateTimeOffset Until)> _found = new(StringComparer.Ordinal);

    public Task<long?> ListAsync(string name, CancellationToken cancellationToken) =>
        CachedAsync($"list\u001f{name}", async ct => Single(await client.FindStaticListsAsync(name, ct), name, null), cancellationToken);

    public Task<long?> CampaignAsync(string? workspace, string name, CancellationToken cancellationToken) =>
        CachedAsync($"campaign\u001f{workspace}\u001f{name}", async ct => Single(await client.FindRequestableCampaignsAsync(name, ct), name, workspace), cancellationToken);

    /// <summary>
    /// The program of exactly that name (names of programs are unique in an instance) with its channel's statuses in
    /// step order, or null: two calls the first time, none while cached.
    /// </summary>
    public Task<MarketoProgram?> ProgramAsync(string name, CancellationToken cancellationToken) =>
        CachedAsync<MarketoProgram>($"program\u001f{name}", async ct =>
        {
            if ((await client.FindProgramsAsync(name, ct)).FirstOrDefault(p => p.Name == name) is not { } program)
            {
                return null;
            }

            MarketoChannel channel = await client.FindChannelAsync(program.Channel, ct)
                ?? throw new MarketoApiException($"Marketo program '{name}' is of channel '{program.Channel}', which Marketo does not have.");
            return new MarketoProgram(program.Id, (channel.ProgressionStatuses ?? []).OrderBy(s => s.Step).Select(s => s.Name).ToList());
        }, cancellationToken);

    /// <summary>The one asset of exactly that name (Marketo's name filter is not exact) in the workspace when given.</summary>
    private static long? Single(IReadOnlyList<MarketoAsset> found, string name, string? workspace)
    {
        List<MarketoAsset> exact = found.Where(a => a.Name == name && (workspace is null || a.WorkspaceName == workspace)).ToList();
        return exact.Count switch
        {
            0 => null,
            1 => exact[0].Id,
            _ => throw new AmbiguousMarketoNameException($"Marketo has {exact.Count} assets named '{name}'{(workspace is null ? "" : $" in workspace '{workspace}'")}; the name must be unique."),
        };
    }

    /// <summary>A lookup still going is joined even past its minute: a Marketo slow to answer gets one lookup per name, not one a minute.</summary>
    private static bool Running(Lazy<Task<object?>> found) => !found.IsValueCreated || !found.Value.IsCompleted;

    private async Task<long?> CachedAsync(string key, Func<CancellationToken, Task<long?>> lookUp, CancellationToken cancellationToken) =>
        (long?)await CachedAsync<object>(key, async ct => await lookUp(ct), cancellationToken);

    private async Task<T?> CachedAsync<T>(string key, Func<CancellationToken, Task<T?>> lookUp, CancellationToken cancellationToken)
        where T : class
    {
        DateTimeOffset now = clock.GetUtcNow();
        // The lookup is shared, so it is not the first caller's to cancel: a caller that stops waiting (a save's 10 s
        // check) would otherwise cancel it for everyone waiting with it, and leave a cancelled lookup cached.
        (Lazy<Task<object?>> Found, DateTimeOffset Until) fresh = (new(async () => await lookUp(CancellationToken.None)), now + Ttl);
        (Lazy<Task<object?>> Found, DateTimeOffset Until) entry = _found.AddOrUpdate(
            key, fresh, (_, cached) => Running(cached.Found) || (cached.Until > now && !(cached.Found.Value.IsFaulted || cached.Found.Value.IsCanceled)) ? cached : fresh);
        try
        {
            return (T?)await entry.Found.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Found.Value.IsFaulted || entry.Found.Value.IsCanceled)
        {
            // A lookup that fails after its callers stopped waiting is replaced by the next caller instead (above).
            _found.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }
}

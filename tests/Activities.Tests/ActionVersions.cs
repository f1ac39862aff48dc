using System.Collections.Concurrent;
using System.Text.Json;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Testing;

/// <summary>
/// The journey store an action test bed gives its actions, which read their node's settings from the run's journey
/// version: the versions a test adds here, and for everything else the bed's real store, if it has one.
/// </summary>
public sealed class ActionVersions(IJourneyStore? inner = null) : IJourneyStore
{
    private readonly ConcurrentDictionary<(string JourneyId, int Version), JourneyDefinition> _versions = new();
    private int _last;

    /// <summary>Adds <paramref name="definition"/> as a new published version of the journey; returns its number.</summary>
    public int Add(string journeyId, JourneyDefinition definition)
    {
        int version = Interlocked.Increment(ref _last);
        _versions[(journeyId, version)] = definition;
        return version;
    }

    /// <summary>Adds a version of one action node with <paramref name="settingsJson"/> as its settings; returns its number.</summary>
    public int Add(string journeyId, string nodeId, string action, string settingsJson) =>
        Add(journeyId, new JourneyDefinition
        {
            Nodes = [new JourneyNode { Id = nodeId, TypeName = "action", Action = action, Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settingsJson) }],
        });

    public Task<JourneyInfo?> GetAsync(string journeyId, CancellationToken cancellationToken = default) =>
        inner?.GetAsync(journeyId, cancellationToken) ?? Task.FromResult<JourneyInfo?>(null);

    public Task<JourneyDefinition?> GetVersionAsync(string journeyId, int version, CancellationToken cancellationToken = default) =>
        _versions.TryGetValue((journeyId, version), out JourneyDefinition? added)
            ? Task.FromResult<JourneyDefinition?>(added)
            : inner?.GetVersionAsync(journeyId, version, cancellationToken) ?? Task.FromResult<JourneyDefinition?>(null);

    public Task<bool> IsAbortedAsync(string journeyId, CancellationToken cancellationToken = default) =>
        inner?.IsAbortedAsync(journeyId, cancellationToken) ?? Task.FromResult(false);
}

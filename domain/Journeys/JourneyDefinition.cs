using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>A journey graph as the user writes it: nodes with settings, joined by edges.</summary>
public sealed record JourneyDefinition
{
    private readonly string _name = "";

    /// <summary>The journey's name; optional, so a <c>null</c> given for it is no name, as for every optional member.</summary>
    [AllowNull]
    public string Name { get => _name; init => _name = value ?? ""; }

    /// <summary>The nodes; required in JSON, as the schema has it, so a journey without the member is malformed, not empty.</summary>
    [JsonRequired]
    public IReadOnlyList<JourneyNode> Nodes { get; init; } = [];

    /// <summary>The edges; required in JSON like <see cref="Nodes"/> (an empty list is given as <c>[]</c>).</summary>
    [JsonRequired]
    public IReadOnlyList<JourneyEdge> Edges { get; init; } = [];

    /// <summary>The single start node (validation guarantees there is exactly one).</summary>
    [JsonIgnore]
    public JourneyNode Start => Nodes.Single(n => n.Type == JourneyNodeType.Start);

    public JourneyNode Node(string id) => Nodes.Single(n => n.Id == id);

    /// <summary>
    /// The graph a run walks, without the start node's audience and the action nodes' settings: what orchestrations
    /// carry. The audience is resolved once into stored batches and an action's activity reads its node's settings
    /// from the stored version, so payloads stay small however many accounts a journey names or however long its emails.
    /// </summary>
    public JourneyDefinition ForOrchestration() =>
        this with { Nodes = Nodes.Select(n => n with { Audience = null, Settings = null }).ToList() };

    /// <summary>
    /// The definition as stored: node types and weekdays, read ignoring case, written as the schema spells them
    /// (<c>splitByAccount</c>, <c>monday</c>), and an action setting given as <c>null</c> left out, as it counts as
    /// absent (the schema types none as null), so what GET answers passes the schema it was validated against.
    /// </summary>
    public JourneyDefinition Canonical() =>
        this with
        {
            Nodes = Nodes.Select(n => n with
            {
                TypeName = n.Type == JourneyNodeType.Unknown ? n.TypeName : JsonNamingPolicy.CamelCase.ConvertName(n.Type.ToString()),
                MustEndOn = n.MustEndOn?.Weekday is { } day ? n.MustEndOn with { Day = day.ToString().ToLowerInvariant() } : n.MustEndOn,
                Settings = n.Settings?.Values.Any(v => v.ValueKind == JsonValueKind.Null) == true
                    ? n.Settings.Where(s => s.Value.ValueKind != JsonValueKind.Null).ToDictionary(StringComparer.Ordinal)
                    : n.Settings,
            }).ToList(),
        };

    /// <summary>Edges leaving <paramref name="nodeId"/>, in definition order.</summary>
    public IEnumerable<JourneyEdge> EdgesFrom(string nodeId) => Edges.Where(e => e.From == nodeId);
}

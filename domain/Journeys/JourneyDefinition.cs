using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>A journey graph as the user writes it: nodes with settings, joined by edges.</summary>
public sealed record JourneyDefinition
{
    private readonly string _name = "";

    /// <summary>The journey's name; optional, so a <c>null</c> given for it is no name, as for every optional member.</summary>
    [AllowNull]
    public string Name { get => _name; init => _name = value ?? ""; }

    public IReadOnlyList<JourneyNode> Nodes { get; init; } = [];

    public IReadOnlyList<JourneyEdge> Edges { get; init; } = [];

    /// <summary>The single start node (validation guarantees there is exactly one).</summary>
    [JsonIgnore]
    public JourneyNode Start => Nodes.Single(n => n.Type == JourneyNodeType.Start);

    public JourneyNode Node(string id) => Nodes.Single(n => n.Id == id);

    /// <summary>
    /// The graph without the start node's audience: what orchestrations carry. The audience is resolved once into
    /// stored batches, so payloads stay small however many accounts a journey names.
    /// </summary>
    public JourneyDefinition WithoutAudience() =>
        this with { Nodes = Nodes.Select(n => n.Type == JourneyNodeType.Start ? n with { Audience = null } : n).ToList() };

    /// <summary>Edges leaving <paramref name="nodeId"/>, in definition order.</summary>
    public IEnumerable<JourneyEdge> EdgesFrom(string nodeId) => Edges.Where(e => e.From == nodeId);
}

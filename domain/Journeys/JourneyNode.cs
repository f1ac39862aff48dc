using System.Text.Json;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>One node of a journey. Only the settings of its own <see cref="Type"/> are used.</summary>
public sealed record JourneyNode
{
    public required string Id { get; init; }

    public required JourneyNodeType Type { get; init; }

    /// <summary>Start: who enters.</summary>
    public Audience? Audience { get; init; }

    /// <summary>Action: the action type, e.g. <c>changeScore</c>.</summary>
    public string? Action { get; init; }

    /// <summary>Action: the action's own settings, validated by that action's rules.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Settings { get; init; }

    /// <summary>Wait: an ISO-8601 duration (e.g. <c>PT2S</c>, <c>P3D</c>).</summary>
    public string? Duration { get; init; }

    /// <summary>Wait: an absolute date/time to wait until.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Split by account / by people: ordered paths, first match wins.</summary>
    public IReadOnlyList<SplitPath>? Paths { get; init; }

    /// <summary>Split: whether unmatched accounts take the <c>other</c> path instead of leaving.</summary>
    public bool OtherPath { get; init; }
}

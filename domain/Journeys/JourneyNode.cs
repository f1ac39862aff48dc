using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>One node of a journey. Only the settings of its own <see cref="Type"/> are used.</summary>
public sealed record JourneyNode
{
    public required string Id { get; init; }

    /// <summary>The node type as written (camelCase, e.g. <c>splitByAccount</c>); kept as text so an unknown type is a validation problem, not a parse error.</summary>
    [JsonPropertyName("type")]
    public required string TypeName { get; init; }

    /// <summary>The parsed <see cref="TypeName"/>.</summary>
    [JsonIgnore]
    public JourneyNodeType Type =>
        EnumText.TryParse(TypeName, out JourneyNodeType type) ? type : JourneyNodeType.Unknown;

    /// <summary>Start: who enters.</summary>
    public Audience? Audience { get; init; }

    /// <summary>Start: when runs begin (now when absent).</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>Start: after this, no run starts and no account enters.</summary>
    public DateTimeOffset? EndAt { get; init; }

    /// <summary>Start: whether and how often an account may enter again; off when absent.</summary>
    public ReentryPolicy? Reentry { get; init; }

    /// <summary>Action: the action type, e.g. <c>changeScore</c>.</summary>
    public string? Action { get; init; }

    /// <summary>Action: the action's own settings, validated by that action's rules.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Settings { get; init; }

    /// <summary>Wait: an ISO-8601 duration (e.g. <c>PT2S</c>, <c>P3D</c>).</summary>
    public string? Duration { get; init; }

    /// <summary>Wait: an absolute date/time to wait until.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Wait: optionally end on this weekday and time (in <see cref="TimeZone"/>) at or after the wait.</summary>
    public MustEndOn? MustEndOn { get; init; }

    /// <summary>Split by account / by people: ordered paths, first match wins.</summary>
    public IReadOnlyList<SplitPath>? Paths { get; init; }

    /// <summary>Split by account: whether unmatched accounts take the <c>other</c> path instead of leaving (null, like absent, is false).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool? OtherPath { get; init; }

    /// <summary>Listen for an event: which event moves the account on.</summary>
    public EventTrigger? Event { get; init; }

    /// <summary>Listen for an event: give up after this ISO-8601 duration.</summary>
    public string? Timeout { get; init; }

    /// <summary>Listen for an event: give up at this date/time.</summary>
    public DateTimeOffset? TimeoutAt { get; init; }

    /// <summary>Listen for an event: whether accounts that time out take the <c>timeout</c> path (default) or leave the journey.</summary>
    public bool? TimeoutPath { get; init; }
}

using System.Diagnostics.CodeAnalysis;
using JourneyFunctions.Domain.Json;
namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>What node rules share while one definition is checked: the clock, the limits, the problems found, and the edges by source.</summary>
public sealed class ValidationContext(DateTimeOffset now, JourneyLimits limits, IReadOnlyDictionary<string, List<JourneyEdge>> edgesFrom)
{
    public DateTimeOffset Now { get; } = now;

    public JourneyLimits Limits { get; } = limits;

    public List<ValidationProblem> Problems { get; } = [];

    /// <summary>Edges leaving a node, in definition order (an empty list for none).</summary>
    public IReadOnlyList<JourneyEdge> EdgesFrom(string id) => edgesFrom.TryGetValue(id, out List<JourneyEdge>? edges) ? edges : [];

    public void Add(string? node, string? field, string reason) => Problems.Add(new(node, field, reason));

    /// <summary>Text of at most <paramref name="max"/> characters, or a problem; true when present and within bounds.</summary>
    public bool Text(string node, string field, [NotNullWhen(true)] string? text, int max, bool required = true)
    {
        if (BlankText.IsBlank(text))
        {
            if (required)
            {
                Add(node, field, "is required");
            }

            return false;
        }

        if (text.Length > max)
        {
            Add(node, field, $"must be at most {max} characters (got {text.Length})");
            return false;
        }

        return true;
    }

    /// <summary>An ISO-8601 duration within (0, <see cref="JourneyLimits.MaxDuration"/>], or a problem naming the field.</summary>
    public void Duration(string node, string field, string text, string example)
    {
        if (!Durations.TryParse(text, out TimeSpan duration))
        {
            Add(node, field, $"'{Echo(text)}' is not a positive ISO-8601 duration such as {example}");
        }
        else if (duration > Limits.MaxDuration)
        {
            Add(node, field, $"must be at most {Limits.MaxDuration.TotalDays:0} days (P{Limits.MaxDuration.TotalDays:0}D)");
        }
    }

    /// <summary>A date no further than <see cref="JourneyLimits.MaxDateDistance"/> from now; <paramref name="future"/> dates must not have passed.</summary>
    public void Date(string node, string field, DateTimeOffset date, bool future)
    {
        if (future && date <= Now)
        {
            Add(node, field, "is in the past");
        }
        else if ((date - Now).Duration() > Limits.MaxDateDistance)
        {
            Add(node, field, $"must be within {Limits.MaxDateDistance.TotalDays:0} days of now");
        }
    }

    /// <summary>User text quoted in a reason, cut short so a reason stays small whatever the input.</summary>
    public static string Echo(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "...";
}

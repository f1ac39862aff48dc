using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>A test on one attribute: <c>equals</c>, <c>notEquals</c>, <c>contains</c>, <c>greaterThan</c>, <c>lessThan</c>, <c>isEmpty</c>, <c>isNotEmpty</c>.</summary>
public sealed record Condition(string Attribute, string Operator, string? Value = null)
{
    /// <summary>Operators a condition may use.</summary>
    public static IReadOnlySet<string> Operators { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "equals", "notEquals", "contains", "greaterThan", "lessThan", "isEmpty", "isNotEmpty",
    };

    /// <summary>
    /// Whether the operator compares with a <see cref="Value"/>: every one but <c>isEmpty</c> and <c>isNotEmpty</c>.
    /// Without one, <c>equals</c> and <c>contains</c> would never match and <c>greaterThan</c> always would.
    /// </summary>
    public static bool TakesValue(string? op) => op is not ("isEmpty" or "isNotEmpty");

    /// <summary>Evaluates the condition against an attribute bag (missing attributes are empty).</summary>
    public bool IsMetBy(IReadOnlyDictionary<string, string?> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        string actual = attributes.TryGetValue(Attribute, out string? v) ? v ?? "" : "";
        return Operator switch
        {
            "equals" => string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase),
            "notEquals" => !string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase),
            "contains" => Value is not null && actual.Contains(Value, StringComparison.OrdinalIgnoreCase),
            "greaterThan" => Compare(actual, Value) > 0,
            "lessThan" => Compare(actual, Value) < 0,
            "isEmpty" => actual.Length == 0,
            "isNotEmpty" => actual.Length > 0,
            _ => false,
        };
    }

    /// <summary>As numbers when both sides are finite numbers (JSON's kind: "NaN" and "Infinity" are text), else as text ignoring case.</summary>
    private static int Compare(string actual, string? expected) =>
        NumberText.TryRead(actual, out double a) && NumberText.TryRead(expected, out double b)
            ? a.CompareTo(b)
            : string.Compare(actual, expected, StringComparison.OrdinalIgnoreCase);
}

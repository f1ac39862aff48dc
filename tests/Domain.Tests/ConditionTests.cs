using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Domain.Tests;

public sealed class ConditionTests
{
    private static readonly Dictionary<string, string?> Account = new() { ["Industry"] = "Software", ["Employees"] = "250", ["Region"] = "" };

    [Theory]
    [InlineData("Industry", "equals", "software", true)]
    [InlineData("Industry", "notEquals", "Retail", true)]
    [InlineData("Industry", "contains", "soft", true)]
    [InlineData("Employees", "greaterThan", "100", true)]
    [InlineData("Employees", "lessThan", "100", false)]
    [InlineData("Employees", "lessThan", "1e3", true)]
    [InlineData("Employees", "greaterThan", "99", true)] // as numbers; as text "250" < "99"
    [InlineData("Employees", "lessThan", "NaN", true)] // "NaN" is text: "250" < "nan"
    [InlineData("Employees", "greaterThan", "Infinity", false)] // text: "250" < "infinity"
    [InlineData("Employees", "lessThan", "-Infinity", false)] // text: "250" > "-infinity"
    [InlineData("Region", "isEmpty", null, true)]
    [InlineData("Missing", "isEmpty", null, true)]
    [InlineData("Industry", "isNotEmpty", null, true)]
    public void Conditions_test_attributes(string attribute, string op, string? value, bool expected) =>
        Assert.Equal(expected, new Condition(attribute, op, value).IsMetBy(Account));
}

using System.Text.Json;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.Tests;

public sealed class RaisedEventTests
{
    [Fact]
    public void Listen_nodes_whose_ids_differ_only_in_case_wait_on_names_Durable_tells_apart()
    {
        // Durable matches external-event names ignoring case; node ids are case-sensitive.
        string[] ids = ["listen", "Listen", "LISTEN", "lIsten", "l:x", "L:X"];
        string[] names = [.. ids.Select(id => EventTrigger.EventName("people", "personDataChange", id))];

        Assert.Equal(ids.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("people:personDataChange:listen", names[0]); // a lower-case ASCII id keeps its plain name
    }

    [Fact]
    public void A_value_longer_than_any_condition_is_carried_cut_to_one_character_past_the_longest_and_no_pair_is_split()
    {
        string emoji = "\ud83d\ude00";
        string plain = new('x', 5_000);
        // A pair that would straddle the cut stays whole, so the value stays valid UTF-16 and longer than any condition.
        string straddling = new string('x', RaisedEvent.MaxValueLength - 1) + emoji + "tail";

        var raised = new RaisedEvent("account", "dataValueChange", "a", null, new Dictionary<string, string?>
        {
            ["attribute"] = "Notes", ["newValue"] = plain, ["oldValue"] = straddling, ["short"] = "kept", ["none"] = null,
        });

        Assert.Equal(plain[..RaisedEvent.MaxValueLength], raised.Attributes!["newValue"]);
        Assert.Equal(straddling[..(RaisedEvent.MaxValueLength + 1)], raised.Attributes["oldValue"]);
        Assert.Equal(("Notes", "kept", (string?)null), (raised.Attributes["attribute"], raised.Attributes["short"], raised.Attributes["none"]));
        // A message read back is cut the same way, and the cut value is no condition's.
        RaisedEvent read = JsonSerializer.Deserialize<RaisedEvent>(JsonSerializer.Serialize(raised with { }, JsonDefaults.Options), JsonDefaults.Options)!;
        Assert.Equal(raised.Attributes["oldValue"], read.Attributes!["oldValue"]);
        Assert.False(new EventTrigger("account", "dataValueChange") { Value = plain[..EventTrigger.MaxConditionLength] }.Matches(read));
    }

    [Fact]
    public void Attributes_within_the_bound_are_the_very_dictionary_given()
    {
        var attributes = new Dictionary<string, string?> { ["attribute"] = "Title", ["newValue"] = new string('v', RaisedEvent.MaxValueLength) };
        Assert.Same(attributes, new RaisedEvent("people", "personDataChange", "a", "p", attributes).Attributes);
    }
}

using System.Text.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>
/// A successful answer whose result cannot be read is refused, not read as empty: an empty list page ends a full sync,
/// whose sweep then removes every sales copy the list did not name.
/// </summary>
public sealed class MalformedAnswerTests
{
    private static MarketoResponse Answer(string json) => JsonSerializer.Deserialize<MarketoResponse>(json, MarketoJson.Options)!;

    [Theory]
    [InlineData("""{ "success": true, "result": {} }""")]
    [InlineData("""{ "success": true, "result": "x" }""")]
    [InlineData("""{ "success": true, "result": [null] }""")]
    [InlineData("""{ "success": true, "result": [5] }""")]
    public void A_result_that_is_not_a_list_of_records_is_refused(string json) =>
        Assert.Throws<MarketoApiException>(() => Answer(json).ResultAs<Dictionary<string, JsonElement>>());

    [Theory]
    [InlineData("""{ "success": true }""", 0)]
    [InlineData("""{ "success": true, "result": null }""", 0)]
    [InlineData("""{ "success": true, "result": [{ "id": 5 }, { "id": 6 }] }""", 2)]
    public void An_absent_result_is_nothing_matched_and_a_list_is_read(string json, int count) =>
        Assert.Equal(count, Answer(json).ResultAs<Dictionary<string, JsonElement>>().Count);

    [Theory]
    [InlineData("""{ "email": "a@example.com" }""")]
    [InlineData("""{ "id": { "x": 1 } }""")]
    [InlineData("""{ "id": "" }""")]
    public void A_lead_without_an_id_is_a_source_failure_not_a_crash(string lead) =>
        Assert.Throws<MarketoApiException>(() => MarketoLeadFields.ToPerson(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(lead)!));

    [Theory]
    [InlineData("""{ "id": 7, "sfdcLeadOwnerId": [1, 2], "updatedAt": "2025-01-01T00:00:00Z" }""", PersonFields.LeadOwner, "is not text")]
    [InlineData("""{ "id": 9, "sfdcLeadOwnerId": "o", "email": { "x": 1 }, "updatedAt": "2025-01-01T00:00:00Z" }""", PersonFields.Email, "is not text")]
    [InlineData("""{ "id": 8, "sfdcLeadOwnerId": "o", "updatedAt": "garbage" }""", PersonFields.ChangeVersion, "is not a whole number")]
    public void A_lead_field_that_is_no_text_or_no_date_is_the_syncs_rejection_not_no_value(string lead, string field, string reason)
    {
        SyncRejection rejection = Assert.IsType<SyncRejection>(SalesPerson.Problem(MarketoLeadFields.ToPerson(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(lead)!)));

        Assert.Equal((field, reason), (rejection.Field, rejection.Reason));
    }
}

using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Samples;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Domain.Tests;

public sealed class SalesPersonTests
{
    [Fact]
    public void Copy_holds_exactly_the_13_synced_fields_and_sync_metadata()
    {
        TableEntity person = SampleData.People(3, 1).Single();
        person[PersonFields.ChangeVersion] = 42L;

        TableEntity copy = SalesPerson.From(person);

        string[] fields = copy.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).ToArray();
        Assert.Equal(PersonFields.Synced.Append(SalesPerson.SourceVersion).Append(SalesPerson.Removed).Order(StringComparer.Ordinal), fields.Order(StringComparer.Ordinal));
        Assert.False(SalesPerson.IsRemoved(copy));
        Assert.Equal(13, PersonFields.Synced.Count);
        Assert.Equal(42L, copy.GetInt64(SalesPerson.SourceVersion));
        Assert.Equal(person.RowKey, copy.RowKey);
        Assert.Equal(person.GetString(PersonFields.Email), copy.GetString(PersonFields.Email));
    }

    [Theory]
    [InlineData("seller@example.com", "", true)]
    [InlineData("", "owner@example.com", true)]
    [InlineData("", "", false)]
    [InlineData(" ", null, false)]
    public void Only_people_with_a_sales_owner_are_eligible(string? leadOwner, string? contactOwner, bool eligible) =>
        Assert.Equal(eligible, SalesPerson.IsEligible(new TableEntity("a", "p") { [PersonFields.LeadOwner] = leadOwner, [PersonFields.ContactOwner] = contactOwner }));

    [Theory]
    [InlineData(PersonFields.LeadOwner)]
    [InlineData(PersonFields.ContactOwner)]
    public void An_owner_that_is_not_text_makes_the_person_eligible_and_rejected_naming_it_instead_of_failing_the_sync(string owner)
    {
        TableEntity person = SampleData.People(3, 1).Single();
        person[PersonFields.LeadOwner] = "";
        person[PersonFields.ContactOwner] = "";
        person[owner] = 5;

        Assert.True(SalesPerson.IsEligible(person));
        SyncRejection problem = SalesPerson.Problem(person)!;
        Assert.Equal($"{owner}: is not text", $"{problem.Field}: {problem.Reason}");
    }

    [Fact]
    public void Partition_is_stable_and_bounded()
    {
        Assert.Equal(SalesBuckets.PartitionOf("000123004"), SalesBuckets.PartitionOf("000123004"));
        Assert.InRange(Enumerable.Range(0, 1000).Select(i => SalesBuckets.PartitionOf(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).Distinct().Count(), 2, SalesBuckets.Count);
    }

    [Theory]
    [InlineData("12", false)]
    [InlineData(1.5, false)]
    [InlineData(12, true)]
    [InlineData(12L, true)]
    [InlineData(null, true)]
    public void A_change_version_that_is_no_whole_number_rejects_the_person_instead_of_failing_the_sync(object? version, bool copied)
    {
        TableEntity person = SampleData.People(3, 1).Single();
        person[PersonFields.ChangeVersion] = version;

        SyncRejection? problem = SalesPerson.Problem(person);

        Assert.Equal(copied ? null : $"{PersonFields.ChangeVersion}: is not a whole number", problem is null ? null : $"{problem.Field}: {problem.Reason}");
        Assert.Equal(version is int or long ? Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture) : 0, SalesPerson.VersionOf(person));
    }

    [Fact]
    public void A_tombstone_keeps_only_the_version_it_was_removed_at()
    {
        TableEntity tombstone = SalesPerson.Tombstone("000123004", 99);

        Assert.True(SalesPerson.IsRemoved(tombstone));
        Assert.Equal(99L, tombstone.GetInt64(SalesPerson.SourceVersion));
        Assert.Equal(SalesBuckets.PartitionOf("000123004"), tombstone.PartitionKey);
        Assert.DoesNotContain(PersonFields.Synced, tombstone.ContainsKey);
    }
}

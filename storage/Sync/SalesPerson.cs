using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Storage.Sync;

/// <summary>Maps a marketing person to the sales copy: exactly the 13 synced fields, nothing else.</summary>
public static class SalesPerson
{
    /// <summary>The marketing change version the copy was made from.</summary>
    public const string SourceVersion = "SourceVersion";

    /// <summary>
    /// True on a tombstone: the row that remembers, with its <see cref="SourceVersion"/>, that a person left the sales
    /// copy, so an older copy (e.g. from an initial-sync page read before the owner was removed) cannot bring them back.
    /// False on every live copy, so lists can filter on it.
    /// </summary>
    public const string Removed = "Removed";

    /// <summary>
    /// The full-sync run that last wrote the row: on a copy, the run that read the person as sales-owned; on a
    /// tombstone, the run whose sweep removed them. Incremental writes replace the row without it.
    /// </summary>
    public const string SyncRun = "SyncRun";

    /// <summary>The most characters a synced field may hold in the sales copy; a longer value rejects the person.</summary>
    public const int MaxFieldLength = 4_000;

    /// <summary>
    /// Whether the person syncs at all: a lead owner or a contact owner is set. An owner stored as something other than
    /// text counts as set, so the person is rejected by <see cref="Problem"/>, naming that field, not dropped unseen.
    /// </summary>
    public static bool IsEligible(TableEntity person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return PersonFields.Owners.Any(owner => person.TryGetValue(owner, out object? value) && value switch
        {
            null => false,
            string text => !string.IsNullOrWhiteSpace(text),
            _ => true,
        });
    }

    /// <summary>
    /// Why a sales-owned person cannot be copied, or null when they can: a Marketo ID that is not a plain key (1-128
    /// letters, digits, '-', '_', '.', '@', ':'), a change version that is no whole number, an owner or synced field that
    /// is not text, or one longer than <see cref="MaxFieldLength"/>.
    /// </summary>
    public static SyncRejection? Problem(TableEntity person)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!TableKey.IsValid(person.RowKey))
        {
            return new SyncRejection(person.RowKey, person.PartitionKey, "MarketoId", "is not a valid id: 1-128 ASCII letters, digits, '-', '_', '.', '@' or ':', and not '.' or '..'");
        }

        if (person.TryGetValue(PersonFields.ChangeVersion, out object? version) && version is not (null or long or int))
        {
            return new SyncRejection(person.RowKey, person.PartitionKey, PersonFields.ChangeVersion, "is not a whole number");
        }

        // Owners are read, not copied: only their type is checked.
        if (PersonFields.Owners.FirstOrDefault(owner => person.TryGetValue(owner, out object? value) && value is not (null or string)) is { } notText)
        {
            return new SyncRejection(person.RowKey, person.PartitionKey, notText, "is not text");
        }

        foreach (string field in PersonFields.Synced.Where(f => f != "MarketoId"))
        {
            object? value = person.TryGetValue(field, out object? found) ? found : null;
            if (value is not (null or string))
            {
                return new SyncRejection(person.RowKey, person.PartitionKey, field, "is not text");
            }

            if (value is string { Length: > MaxFieldLength } text)
            {
                return new SyncRejection(person.RowKey, person.PartitionKey, field, $"is {text.Length} characters long; at most {MaxFieldLength}");
            }
        }

        return null;
    }

    /// <summary>
    /// The sales entity for a marketing person (the Marketo ID is the row key), stamped with the full-sync run that
    /// read it, if any (<see cref="SyncRun"/>).
    /// </summary>
    public static TableEntity From(TableEntity person, string? syncRun = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        string marketoId = person.RowKey;
        var copy = new TableEntity(SalesBuckets.PartitionOf(marketoId), marketoId)
        {
            ["MarketoId"] = marketoId,
            [SourceVersion] = VersionOf(person),
            [Removed] = false,
        };
        Stamp(copy, syncRun);
        foreach (string field in PersonFields.Synced.Where(f => f != "MarketoId"))
        {
            copy[field] = person.GetString(field);
        }

        return copy;
    }

    /// <summary>
    /// The tombstone of a person who left the sales copy at marketing version <paramref name="version"/>, stamped with
    /// the full-sync run whose sweep removed them, if any (<see cref="SyncRun"/>).
    /// </summary>
    public static TableEntity Tombstone(string marketoId, long version, string? syncRun = null)
    {
        var tombstone = new TableEntity(SalesBuckets.PartitionOf(marketoId), marketoId) { [SourceVersion] = version, [Removed] = true };
        Stamp(tombstone, syncRun);
        return tombstone;
    }

    /// <summary>
    /// The marketing change version of <paramref name="person"/>: 0 when it has none, or one that is no whole number
    /// (<see cref="Problem"/> rejects such a person; a tombstone for them still needs a version).
    /// </summary>
    public static long VersionOf(TableEntity person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.TryGetValue(PersonFields.ChangeVersion, out object? version) ? version switch { long whole => whole, int small => small, _ => 0 } : 0;
    }

    /// <summary>Whether a stored sales row is a tombstone rather than a person.</summary>
    public static bool IsRemoved(TableEntity stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.GetBoolean(Removed) ?? false;
    }

    private static void Stamp(TableEntity row, string? syncRun)
    {
        if (syncRun is not null)
        {
            row[SyncRun] = syncRun;
        }
    }
}

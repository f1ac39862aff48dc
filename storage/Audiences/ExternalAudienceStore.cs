using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Audiences;

/// <summary>
/// External audiences (table <c>ExternalAudiences</c>), one partition per audience: its name and description
/// (RK <c>~about</c>) and its profiles (RK = person id). A new audience starts with a placeholder profile, which the first real
/// profile replaces, as the reference product does.
/// </summary>
public sealed class ExternalAudienceStore : IExternalAudienceStore
{
    public const string PlaceholderEmail = "test@email.com";
    private const string About = "~about";
    private const string Placeholder = "~placeholder";
    private readonly TableClient _audiences;

    public ExternalAudienceStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _audiences = storage.Table(TableNames.ExternalAudiences);
    }

    /// <summary>The id of the audience with this name: derived from the name, so creating it twice finds the same audience.</summary>
    public static string IdOf(string name) =>
        "aud-" + StableId.Of(name, 20);

    string IExternalAudienceStore.IdOf(string name) => IdOf(name);

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        (await _audiences.GetEntityIfExistsAsync<TableEntity>(IdOf(name), About, cancellationToken: cancellationToken)).HasValue;

    /// <summary>Creates the audience with its placeholder profile, in one transaction, unless it exists (then nothing changes).</summary>
    public async Task<string> CreateAsync(string name, string? description, CancellationToken cancellationToken = default)
    {
        string id = IdOf(name);
        try
        {
            await _audiences.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(id, About) { ["Name"] = name, ["Description"] = description }),
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(id, Placeholder) { ["Email"] = PlaceholderEmail }),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // Created before (a retried action, or another node naming the same audience): keep it as it is.
        }

        return id;
    }

    /// <summary>Adds profiles (person id -> email) to the audience, removing the placeholder in the same transaction as the first of them.</summary>
    public async Task<int> AddMembersAsync(string audienceId, IReadOnlyDictionary<string, string?> profiles, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count == 0)
        {
            return 0;
        }

        bool hasPlaceholder = (await _audiences.GetEntityIfExistsAsync<TableEntity>(audienceId, Placeholder, cancellationToken: cancellationToken)).HasValue;
        int written = 0;
        foreach (KeyValuePair<string, string?>[] chunk in profiles.Chunk(BatchWriter.MaxBatchSize - 1))
        {
            var actions = chunk.Select(p =>
            {
                // A merge leaves out a null property, so an email the person no longer has would stay: stored as empty text.
                var row = new TableEntity(audienceId, p.Key) { [MembershipColumns.Member] = true, ["Email"] = p.Value ?? "" };
                foreach (KeyValuePair<string, object?> detail in by)
                {
                    row[detail.Key] = detail.Value;
                }

                return new TableTransactionAction(TableTransactionActionType.UpsertMerge, row);
            }).ToList();
            if (hasPlaceholder)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(audienceId, Placeholder), ETag.All));
                hasPlaceholder = false;
            }

            await _audiences.SubmitTransactionAsync(actions, cancellationToken);
            written += chunk.Length;
        }

        return written;
    }

    /// <summary>Every profile in the audience, the placeholder included while it is there: row key -> email.</summary>
    public async Task<Dictionary<string, string?>> GetProfilesAsync(string audienceId, CancellationToken cancellationToken = default)
    {
        var profiles = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (TableEntity row in _audiences.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {audienceId}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey != About)
            {
                profiles[row.RowKey] = row.GetString("Email");
            }
        }

        return profiles;
    }
}

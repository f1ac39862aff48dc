namespace JourneyFunctions.Domain.People;

/// <summary>The marketing store's people as actions read and change them (implemented in the storage project).</summary>
public interface IPeopleStore
{
    /// <summary>Every person of each account given (an empty list for an account without people), read with one query per shard.</summary>
    Task<Dictionary<string, List<Person>>> PeopleOfAccountsAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default);

    /// <summary>Sets fields (name -> value) on the given people of one account and emits their changes; a retry writes the same values.</summary>
    Task<int> SetFieldsAsync(string accountId, IReadOnlyCollection<string> marketoIds, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="delta"/> to a named score of each person once per <paramref name="effectKey"/>: a retried
    /// call skips the people it already scored. Returns how many were scored by this call.
    /// </summary>
    Task<int> ChangeScoreOnceAsync(string effectKey, IReadOnlyCollection<Person> people, string scoreName, double delta, CancellationToken cancellationToken = default);
}

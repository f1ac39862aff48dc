using System.Collections;
using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Domain.Telemetry;

/// <summary>
/// The ids a piece of work is about (run, journey, node, account, and the action type of an action) as a logging scope: every log line written inside
/// it carries them, as custom dimensions in Application Insights and as "RunId=… NodeId=…" on the console.
/// </summary>
public sealed class LogContext : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>A group's ids beyond this many are counted, not listed, to keep log lines short.</summary>
    private const int ListedAccounts = 5;

    private readonly List<KeyValuePair<string, object?>> _ids = [];

    public LogContext(string? runId = null, string? journeyId = null, string? nodeId = null, string? accountId = null, string? actionType = null)
    {
        Add("RunId", runId);
        Add("JourneyId", journeyId);
        Add("NodeId", nodeId);
        Add("AccountId", accountId);
        Add("ActionType", actionType);
    }

    public int Count => _ids.Count;

    public KeyValuePair<string, object?> this[int index] => _ids[index];

    /// <summary>The ids an activity input names; none for inputs that name no run, journey, node or account.</summary>
    public static LogContext Of(object? input) => input switch
    {
        ActionRequest r => new(runId: r.RunId, journeyId: r.JourneyId, nodeId: r.NodeId, accountId: Accounts(r.AccountIds), actionType: r.Action),
        AccountBatchInput b => new(runId: b.RunId, journeyId: b.JourneyId),
        AudienceSnapshotRequest s => new(runId: s.RunId, journeyId: s.JourneyId),
        AudienceBatchRequest a => new(runId: a.RunId),
        ReleaseAccountsRequest r => new(runId: r.RunId, journeyId: r.JourneyId, accountId: Accounts(r.AccountIds)),
        JourneyVersionRef v => new(journeyId: v.JourneyId),
        RunEnd e => new(runId: e.RunId, journeyId: e.JourneyId, nodeId: e.Failure?.NodeId),
        AccountSplitRequest s => new(accountId: Accounts(s.AccountIds)),
        PeopleSplitRequest s => new(accountId: Accounts(s.AccountIds)),
        _ => new(),
    };

    /// <summary>One account's id, or a group's first ids and how many more.</summary>
    private static string? Accounts(IReadOnlyList<string> accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        string listed = string.Join(',', accountIds.Take(ListedAccounts));
        return accountIds.Count switch
        {
            0 => null,
            <= ListedAccounts => listed,
            _ => $"{listed} (+{accountIds.Count - ListedAccounts})",
        };
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _ids.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', _ids.Select(id => $"{id.Key}={id.Value}"));

    private void Add(string name, string? id)
    {
        if (id is not null)
        {
            _ids.Add(new(name, id));
        }
    }
}

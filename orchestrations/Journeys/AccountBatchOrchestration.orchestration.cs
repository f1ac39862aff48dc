using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Journeys;

/// <summary>
/// Walks one batch of accounts through the journey graph. Accounts move as groups: a group enters a node,
/// the node acts on the whole group with one activity call (or one timer), and the group splits only where
/// the graph does. Live per-node counts are published as the custom status after every step. An account removed from
/// the journey (by another journey's action) leaves at its next step.
/// </summary>
public sealed class AccountBatchOrchestration
{
    private readonly TaskOrchestrationContext _context;
    private readonly AccountBatchInput _input;
    private readonly Dictionary<string, NodeCounts> _counts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private Task<string>? _nextRemoval;
    private int _ended;
    private int _accountEffects;
    private int _personEffects;

    private AccountBatchOrchestration(TaskOrchestrationContext context, AccountBatchInput input)
    {
        _context = context;
        _input = input;
    }

    public static Task<AccountBatchResult> RunAsync(TaskOrchestrationContext context, AccountBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new AccountBatchOrchestration(context, input).WalkAsync();
    }

    private JourneyDefinition Journey => _input.Journey;

    private async Task<AccountBatchResult> WalkAsync()
    {
        IReadOnlyList<string> accounts = await _context.CallActivityAsync<IReadOnlyList<string>>(
            ActivityNames.LoadAudienceBatch, new AudienceBatchRequest(_input.RunId, _input.Batch), ActivityRetry.Default);
        await VisitAsync(Journey.Start, accounts);
        // Every account has ended or left by now: the journey's re-entry rule may let them in again.
        await _context.CallActivityAsync<int>(
            ActivityNames.ReleaseAccounts, new ReleaseAccountsRequest(_input.JourneyId, _input.RunId, accounts), ActivityRetry.Default);
        return new AccountBatchResult(accounts.Count, _ended, _accountEffects, _personEffects);
    }

    private async Task VisitAsync(JourneyNode node, IReadOnlyList<string> group)
    {
        IReadOnlyList<string> accounts = WithoutRemoved(group);
        if (accounts.Count == 0)
        {
            return;
        }

        NodeCounts counts = Enter(node, accounts.Count);
        switch (node.Type)
        {
            case JourneyNodeType.Action:
                await ApplyActionAsync(node, accounts, counts);
                break;
            case JourneyNodeType.Wait:
                await RecordPositionsAsync(node, accounts, arrived: true);
                await _context.CreateTimer(WaitEnd(node).UtcDateTime, CancellationToken.None);
                await RecordPositionsAsync(node, accounts, arrived: false);
                break;
            case JourneyNodeType.SplitByAccount:
                await SplitAsync(node, accounts, counts);
                return;
            case JourneyNodeType.SplitByPeople:
                await SplitPeopleAsync(node, accounts, counts);
                return;
            case JourneyNodeType.ListenForEvent:
                await ListenAsync(node, accounts, counts);
                return;
            case JourneyNodeType.End:
                Leave(counts, accounts.Count);
                _ended += accounts.Count;
                return;
            default:
                break;
        }

        Leave(counts, accounts.Count);
        await Task.WhenAll(Journey.EdgesFrom(node.Id).Select(edge => VisitAsync(Journey.Node(edge.To), accounts)));
    }

    private async Task ApplyActionAsync(JourneyNode node, IReadOnlyList<string> accounts, NodeCounts counts, IReadOnlyDictionary<string, IReadOnlyList<string>>? people = null)
    {
        ActionDefinition action = ActionCatalog.Find(node.Action)
            ?? throw new InvalidOperationException($"Node {node.Id}: unknown action '{node.Action}' (the version should not have validated).");
        ActionResult result = await _context.CallActivityAsync<ActionResult>(
            action.ActivityName, new ActionRequest(_input.RunId, _input.JourneyId, node.Id, action.Type, node.Settings, accounts, people), ActivityRetry.Default);
        counts.PeopleAffected += result.People;
        counts.PeopleSkipped += result.Skipped;
        _accountEffects += action.Scope == ActionScope.Account ? result.Accounts : 0;
        _personEffects += result.People;
    }

    /// <summary>First matching path wins; unmatched accounts take the "other" path if there is one, else leave the journey.</summary>
    private async Task SplitAsync(JourneyNode node, IReadOnlyList<string> accounts, NodeCounts counts)
    {
        Dictionary<string, List<string>> routes = await _context.CallActivityAsync<Dictionary<string, List<string>>>(
            ActivityNames.EvaluateAccountSplit, new AccountSplitRequest(node.Paths ?? [], accounts), ActivityRetry.Default);
        Leave(counts, accounts.Count);
        var next = new List<Task>();
        foreach (JourneyEdge edge in Journey.EdgesFrom(node.Id))
        {
            if (edge.Path is not null && routes.TryGetValue(edge.Path, out List<string>? routed) && (edge.Path != SplitPaths.Other || node.OtherPath))
            {
                next.Add(VisitAsync(Journey.Node(edge.To), routed));
            }
        }

        await Task.WhenAll(next);
    }

    /// <summary>
    /// People on each path get that path's people actions, path by path in parallel; people on no path skip them.
    /// The paths then join again and every account continues from the split's join point.
    /// </summary>
    private async Task SplitPeopleAsync(JourneyNode node, IReadOnlyList<string> accounts, NodeCounts counts)
    {
        Dictionary<string, Dictionary<string, List<string>>> routes = await _context.CallActivityAsync<Dictionary<string, Dictionary<string, List<string>>>>(
            ActivityNames.EvaluatePeopleSplit, new PeopleSplitRequest(node.Paths ?? [], accounts), ActivityRetry.Default);
        Leave(counts, accounts.Count);
        string join = Journey.EdgesFrom(node.Id).Single(e => e.Path is null).To;
        await Task.WhenAll(Journey.EdgesFrom(node.Id)
            .Where(edge => edge.Path is not null && routes.TryGetValue(edge.Path, out Dictionary<string, List<string>>? onPath) && onPath.Count > 0)
            .Select(edge => WalkPeoplePathAsync(edge.To, join, routes[edge.Path!].ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal))));
        await VisitAsync(Journey.Node(join), accounts);
    }

    private async Task WalkPeoplePathAsync(string nodeId, string join, IReadOnlyDictionary<string, IReadOnlyList<string>> people)
    {
        List<string> accounts = people.Keys.ToList();
        for (string id = nodeId; id != join; id = Journey.EdgesFrom(id).Single().To)
        {
            JourneyNode node = Journey.Node(id);
            NodeCounts counts = Enter(node, accounts.Count);
            await ApplyActionAsync(node, accounts, counts, people);
            Leave(counts, accounts.Count);
        }
    }

    /// <summary>
    /// Each account waits for its own event (raised for any one of its people, for people events); an account whose
    /// event arrives moves on at once. Accounts that time out take the timeout path together, or leave the journey
    /// when the node has no timeout path.
    /// </summary>
    private async Task ListenAsync(JourneyNode node, IReadOnlyList<string> accounts, NodeCounts counts)
    {
        EventTrigger trigger = node.Event ?? throw new InvalidOperationException($"Node {node.Id}: no event (the version should not have validated).");
        string onEvent = Journey.EdgesFrom(node.Id).Single(e => e.Path == ListenPaths.Event).To;
        TimeSpan? timeout = node.TimeoutAt is { } at ? at.UtcDateTime - _context.CurrentUtcDateTime
            : node.Timeout is { } text ? ParseDuration(node.Id, text)
            : null;
        var timedOut = new List<string>();
        await RecordPositionsAsync(node, accounts, arrived: true);
        await Task.WhenAll(accounts.Select(async account =>
        {
            string name = EventTrigger.EventName(trigger.Scope, trigger.Type, account);
            try
            {
                await (timeout is { } wait
                    ? _context.WaitForExternalEvent<RaisedEvent>(name, wait > TimeSpan.Zero ? wait : TimeSpan.Zero)
                    : _context.WaitForExternalEvent<RaisedEvent>(name));
            }
            catch (TaskCanceledException)
            {
                timedOut.Add(account);
                return;
            }

            Leave(counts, 1);
            await RecordPositionsAsync(node, [account], arrived: false);
            await VisitAsync(Journey.Node(onEvent), [account]);
        }));

        Leave(counts, timedOut.Count);
        if (timedOut.Count > 0)
        {
            await RecordPositionsAsync(node, timedOut, arrived: false);
        }

        string? onTimeout = (node.TimeoutPath ?? true) ? Journey.EdgesFrom(node.Id).SingleOrDefault(e => e.Path == ListenPaths.Timeout)?.To : null;
        if (onTimeout is not null)
        {
            await VisitAsync(Journey.Node(onTimeout), timedOut);
        }
    }

    /// <summary>
    /// The group minus the accounts removed so far. Removal events are taken as they arrive, without waiting: the
    /// pending wait completes only when its event is replayed at the same point, so the check is deterministic.
    /// </summary>
    private IReadOnlyList<string> WithoutRemoved(IReadOnlyList<string> group)
    {
        _nextRemoval ??= _context.WaitForExternalEvent<string>(RunEvents.RemoveAccount);
        while (_nextRemoval.IsCompletedSuccessfully)
        {
            _removed.Add(_nextRemoval.Result);
            _nextRemoval = _context.WaitForExternalEvent<string>(RunEvents.RemoveAccount);
        }

        return _removed.Count == 0 ? group : group.Where(a => !_removed.Contains(a)).ToList();
    }

    /// <summary>Records where accounts are held (wait and listen nodes), for the list of accounts at a node.</summary>
    private Task<int> RecordPositionsAsync(JourneyNode node, IReadOnlyList<string> accounts, bool arrived) =>
        _context.CallActivityAsync<int>(
            ActivityNames.RecordNodePositions, new NodePositionsRequest(_input.RunId, node.Id, _input.Batch, accounts, arrived), ActivityRetry.Default);

    /// <summary>When a wait ends: after its duration or at its date, then on its "must end on" weekday and time if set.</summary>
    private DateTimeOffset WaitEnd(JourneyNode node)
    {
        DateTimeOffset end = node.Until ?? new DateTimeOffset(_context.CurrentUtcDateTime + ParseDuration(node.Id, node.Duration ?? ""), TimeSpan.Zero);
        return node.MustEndOn?.NextAtOrAfter(end) ?? end;
    }

    private static TimeSpan ParseDuration(string nodeId, string text) =>
        JourneyValidator.TryParseDuration(text, out TimeSpan duration)
            ? duration
            : throw new InvalidOperationException($"Node {nodeId}: invalid duration '{text}' (the version should not have validated).");

    private NodeCounts Enter(JourneyNode node, int accounts)
    {
        if (!_counts.TryGetValue(node.Id, out NodeCounts? counts))
        {
            _counts[node.Id] = counts = new NodeCounts();
        }

        counts.Reached += accounts;
        counts.Current += accounts;
        _context.SetCustomStatus(_counts);
        return counts;
    }

    private void Leave(NodeCounts counts, int accounts)
    {
        counts.Current -= accounts;
        counts.Left += accounts;
        _context.SetCustomStatus(_counts);
    }
}

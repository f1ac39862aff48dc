using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Orchestrations.Journeys.Steps;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Journeys;

/// <summary>
/// Walks one batch of accounts through the journey graph as groups. A small scheduler keeps every group's step in
/// flight at once (<see cref="GroupWork"/>) and moves each group on as soon as its own step completes, so no group
/// waits for another: what a node does is its step (<see cref="NodeSteps"/>). Groups that reach a merge while
/// others could still reach it without waiting (an action or split in flight upstream) are held there and continue
/// as one group. Accounts that end or leave are released for re-entry at once. Live per-node counts are published as
/// the custom status. An account removed from the journey (by another journey's action) leaves at once when it is
/// held at a wait or listen node (<see cref="IAccountHolder"/>), else at its next step.
/// </summary>
/// <remarks>
/// Deterministic: which work completed is known only from replayed history (tasks complete one history event at a
/// time), and every collection that decides an order is ordered.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The token source holds no timer; cancelled from the orchestration's own continuations, where disposing it could race its callbacks.")]
public sealed class AccountBatchOrchestration
{
    private readonly Dictionary<string, NodeCounts> _counts = new(StringComparer.Ordinal);
    private readonly BatchCountsStatus _status; // the custom status: a view of _counts
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly List<GroupWork> _inFlight = [];
    private readonly SortedDictionary<string, List<string>> _atMerge = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _reachable = new(StringComparer.Ordinal);
    private readonly List<string> _leaving = [];
    private readonly HashSet<string> _inJourney = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ListenInbox> _inboxes = new(StringComparer.Ordinal);
    private readonly List<IAccountHolder> _holders = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task<string>? _nextRemoval;
    private Task<int>? _stopped;
    private int _accounts;
    private int _ended;
    private int _left;
    private int _accountEffects;
    private int _personEffects;

    private AccountBatchOrchestration(TaskOrchestrationContext context, AccountBatchInput input)
    {
        Context = context;
        Input = input;
        _status = new BatchCountsStatus(_counts);
    }

    public TaskOrchestrationContext Context { get; }

    public AccountBatchInput Input { get; }

    public JourneyDefinition Journey => Input.Journey;

    /// <summary>
    /// Cancelled when a step fails for good and the batch stops: every hold's timer stops with it, as Durable completes
    /// an orchestration only once none of its timers is outstanding (a day's wait elsewhere in the batch would hide the
    /// failure for a day).
    /// </summary>
    public CancellationToken Stopping => _stopping.Token;

    public static Task<AccountBatchResult> RunAsync(TaskOrchestrationContext context, AccountBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new AccountBatchOrchestration(context, input).WalkAsync();
    }

    /// <summary>
    /// Counts a group arriving at a node: its accounts, and their people (or <paramref name="people"/>, the people on a
    /// split-by-people path).
    /// </summary>
    public NodeCounts Enter(JourneyNode node, IReadOnlyCollection<string> accounts, int? people = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(accounts);
        if (!_counts.TryGetValue(node.Id, out NodeCounts? counts))
        {
            _counts[node.Id] = counts = new NodeCounts();
        }

        int persons = people ?? PeopleIn(accounts);
        counts.Reached += accounts.Count;
        counts.Current += accounts.Count;
        counts.PeopleReached += persons;
        counts.PeopleCurrent += persons;
        Context.SetCustomStatus(_status);
        return counts;
    }

    /// <summary>Counts accounts (and their people, or <paramref name="people"/>) moving on from (or leaving the journey at) a node.</summary>
    public void Leave(NodeCounts counts, IReadOnlyCollection<string> accounts, int? people = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(accounts);
        int persons = people ?? PeopleIn(accounts);
        counts.Current -= accounts.Count;
        counts.Left += accounts.Count;
        counts.PeopleCurrent -= persons;
        counts.PeopleLeft += persons;
        Context.SetCustomStatus(_status);
    }

    /// <summary>The people in the accounts, as counted when the batch was loaded.</summary>
    private int PeopleIn(IEnumerable<string> accounts) => accounts.Sum(a => _people.GetValueOrDefault(a));

    /// <summary>Accounts out of the journey (at its end, or leaving it): released for re-entry after this step.</summary>
    public void Exit(IEnumerable<string> accounts, bool ended)
    {
        foreach (string account in accounts)
        {
            if (_inJourney.Remove(account))
            {
                _leaving.Add(account);
                _ended += ended ? 1 : 0;
                _left += ended ? 0 : 1;
            }
        }
    }

    public void CountEffects(int accountEffects, int personEffects)
    {
        _accountEffects += accountEffects;
        _personEffects += personEffects;
    }

    /// <summary>Holds a group at a merge until no group that could still reach it without waiting is in flight.</summary>
    public void Gather(JourneyNode merge, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(merge);
        if (!_atMerge.TryGetValue(merge.Id, out List<string>? held))
        {
            _atMerge[merge.Id] = held = [];
        }

        held.AddRange(accounts);
    }

    /// <summary>The groups that continue from <paramref name="node"/> along its edges (one for most node types).</summary>
    public IReadOnlyList<AccountGroup> Onward(JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(node);
        return [.. Journey.EdgesFrom(node.Id).Select(edge => new AccountGroup(edge.To, accounts))];
    }

    /// <summary>The events of a listen node of this batch, taken by one receive for all its groups.</summary>
    public ListenInbox InboxOf(JourneyNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!_inboxes.TryGetValue(node.Id, out ListenInbox? inbox))
        {
            _inboxes[node.Id] = inbox = new ListenInbox(this, node);
            Hold(inbox);
        }

        return inbox;
    }

    /// <summary>
    /// Work started outside a step's start (a listen node's next receive, a departure to record, a removed account's
    /// departure): in flight like the rest. Runs only in the orchestration's continuations and the scheduler's own
    /// steps, never while the scheduler reads its list.
    /// </summary>
    public void Keep(GroupWork work) => _inFlight.Add(work);

    /// <summary>A holder of accounts (a wait's group, a listen node's inbox) that a removal reaches at once.</summary>
    public void Hold(IAccountHolder holder) => _holders.Add(holder);

    public void Unhold(IAccountHolder holder) => _holders.Remove(holder);

    /// <summary>
    /// Records where accounts are held (wait and listen nodes), for the list of accounts at a node; at a listen node
    /// also in the routing index under its event key (<c>scope:type</c>), so the event router finds them.
    /// </summary>
    public Task<int> RecordPositionsAsync(JourneyNode node, IReadOnlyList<string> accounts, bool arrived, string? listensFor = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Context.CallActivityAsync<int>(
            ActivityNames.RecordNodePositions, new NodePositionsRequest(Input.RunId, node.Id, Input.Batch, accounts, arrived, listensFor, Input.JourneyId, Context.CurrentUtcDateTime.WithOffset()), ActivityRetry.Default);
    }

    private async Task<AccountBatchResult> WalkAsync()
    {
        IReadOnlyList<string> accounts = await Context.CallActivityAsync<IReadOnlyList<string>>(
            ActivityNames.LoadAudienceBatch, new AudienceBatchRequest(Input.RunId, Input.Batch, Input.JourneyId), ActivityRetry.Default);
        if (accounts.Count == 0)
        {
            return new AccountBatchResult(0, 0, 0, 0, 0); // the journey was aborted before this batch started
        }

        int[] people = await Context.CallActivityAsync<int[]>(
            ActivityNames.CountBatchPeople, new AudienceBatchRequest(Input.RunId, Input.Batch), ActivityRetry.Default);
        for (int i = 0; i < accounts.Count; i++)
        {
            _people[accounts[i]] = i < people.Length ? people[i] : 0;
        }

        _accounts = accounts.Count;
        _inJourney.UnionWith(accounts);
        if (Stopped.IsCompletedSuccessfully)
        {
            return await StopAsync(); // another batch failed before this one started: none of its accounts takes a step
        }

        Arrive(new AccountGroup(Journey.Start.Id, accounts));
        MoveOn();
        while (_inFlight.Count > 0)
        {
            Task done = await Task.WhenAny(_inFlight.Select(work => (Task)work.Next).Append(NextRemoval).Append(Stopped));
            if (done == _stopped)
            {
                return await StopAsync();
            }

            if (done == _nextRemoval)
            {
                TakeRemovals();
                MoveOn();
                continue;
            }

            GroupWork finished = _inFlight.First(work => work.Next == done);
            _inFlight.Remove(finished);
            try
            {
                foreach (AccountGroup group in await finished.Next)
                {
                    Arrive(group);
                }
            }
            catch (TaskFailedException e)
            {
                return await FailAsync(finished.NodeId, e.FailureDetails.ErrorMessage);
            }
            catch (InvalidOperationException e)
            {
                return await FailAsync(finished.NodeId, e.Message);
            }

            MoveOn();
        }

        return new AccountBatchResult(_accounts, _ended, _left, _accountEffects, _personEffects);
    }

    /// <summary>A group reaches a node: accounts removed meanwhile leave, the rest start the node's step.</summary>
    private void Arrive(AccountGroup group)
    {
        TakeRemovals();
        IReadOnlyList<string> accounts = _removed.Count == 0 ? group.Accounts : group.Accounts.Where(a => !_removed.Contains(a)).ToList();
        if (accounts.Count < group.Accounts.Count)
        {
            Exit(group.Accounts.Where(_removed.Contains), ended: false);
        }

        if (accounts.Count > 0)
        {
            JourneyNode node = Journey.Node(group.NodeId);
            _inFlight.AddRange(NodeSteps.For(node.Type).Start(this, node, accounts));
        }
    }

    /// <summary>After a step: merges nothing can reach any more let their groups on, and leaving accounts are released.</summary>
    private void MoveOn()
    {
        string? ready;
        while ((ready = _atMerge.Keys.FirstOrDefault(merge => !_inFlight.Any(work => !work.OnTheClock && work.NodeId is { } at && Reaches(at, merge)))) is not null)
        {
            List<string> accounts = _atMerge[ready];
            _atMerge.Remove(ready);
            JourneyNode merge = Journey.Node(ready);
            Leave(_counts[ready], accounts);
            foreach (AccountGroup group in Onward(merge, accounts))
            {
                Arrive(group);
            }
        }

        if (_leaving.Count > 0)
        {
            _inFlight.Add(new GroupWork(null, ReleaseAsync([.. _leaving]), OnTheClock: true, Bookkeeping: true));
            _leaving.Clear();
        }
    }

    private async Task<IReadOnlyList<AccountGroup>> ReleaseAsync(IReadOnlyList<string> accounts)
    {
        await Context.CallActivityAsync<int>(
            ActivityNames.ReleaseAccounts, new ReleaseAccountsRequest(Input.JourneyId, Input.RunId, accounts), ActivityRetry.Default);
        return [];
    }

    /// <summary>A step failed for good: the batch stops, its accounts still in the journey are released, and the result says where and why.</summary>
    private async Task<AccountBatchResult> FailAsync(string? nodeId, string message)
    {
        _stopping.Cancel(); // synchronously: the holds' timers complete at this point of the history
        Exit([.. _inJourney.Order(StringComparer.Ordinal)], ended: false);
        await Task.WhenAll(_inFlight.Where(work => work.Bookkeeping).Select(work => work.Next).Append(ReleaseAsync([.. _leaving])));
        return new AccountBatchResult(_accounts, _ended, _left, _accountEffects, _personEffects, new RunFailure(nodeId, Input.Batch, message));
    }

    /// <summary>Another batch of the run failed: this one stops as at a failure of its own, naming that batch.</summary>
    private async Task<AccountBatchResult> StopAsync() =>
        await FailAsync(null, $"Stopped because batch {await Stopped} of the run failed.");

    /// <summary>The run's word that another of its batches failed (<see cref="RunEvents.StopBatch"/>), awaited beside the work in flight.</summary>
    private Task<int> Stopped => _stopped ??= Context.WaitForExternalEvent<int>(RunEvents.StopBatch);

    /// <summary>Whether a group at <paramref name="from"/> can still reach <paramref name="to"/> (the graph has no cycles).</summary>
    private bool Reaches(string from, string to)
    {
        if (!_reachable.TryGetValue(from, out HashSet<string>? reached))
        {
            reached = new HashSet<string>(StringComparer.Ordinal);
            var next = new Stack<string>([from]);
            while (next.TryPop(out string? id))
            {
                foreach (JourneyEdge edge in Journey.EdgesFrom(id))
                {
                    if (reached.Add(edge.To))
                    {
                        next.Push(edge.To);
                    }
                }
            }

            _reachable[from] = reached;
        }

        return from == to || reached.Contains(to);
    }

    /// <summary>The next removal from the journey, awaited beside the work in flight (never cancelled: none is lost).</summary>
    private Task<string> NextRemoval => _nextRemoval ??= Context.WaitForExternalEvent<string>(RunEvents.RemoveAccount);

    /// <summary>
    /// Takes the removals that have arrived: the accounts held at a wait or listen node leave there at once; the others
    /// leave when their group reaches its next node. A removal is taken when its event is replayed at the same point
    /// of the history, so the walk stays deterministic.
    /// </summary>
    private void TakeRemovals()
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        while (NextRemoval.IsCompletedSuccessfully)
        {
            if (_removed.Add(_nextRemoval!.Result))
            {
                removed.Add(_nextRemoval.Result);
            }

            _nextRemoval = null;
        }

        if (removed.Count > 0)
        {
            foreach (IAccountHolder holder in _holders.ToList())
            {
                Exit(holder.Release(removed), ended: false);
            }
        }
    }
}

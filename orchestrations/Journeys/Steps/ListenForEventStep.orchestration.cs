using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>
/// Listen for an event: each account waits for its own event (raised for any one of its people, for people events)
/// and moves on alone as soon as it arrives; one timer for the group sends the accounts still listening along the
/// timeout path together when it fires (or out of the journey when the node has no timeout path). Neither waits
/// for what the other group does next.
/// </summary>
public sealed class ListenForEventStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        ArgumentNullException.ThrowIfNull(node);
        // Not disposed: a token source without a timer holds nothing but memory, and is cancelled from inside
        // the orchestration's own continuations, where disposing it could race its callbacks.
        var listen = new Listening(walk, node, accounts, stopWaits: new CancellationTokenSource(), stopTimer: new CancellationTokenSource());
        return [.. accounts.Select(account => new GroupWork(node.Id, listen.EventAsync(account), OnTheClock: true)),
                .. listen.TimeoutAt is null ? [] : new[] { new GroupWork(node.Id, listen.TimeOutAsync(), OnTheClock: true) }];
    }

    /// <summary>One group listening at the node: who is still waiting, and the timer that ends the wait.</summary>
    private sealed class Listening
    {
        private readonly AccountBatchOrchestration _walk;
        private readonly JourneyNode _node;
        private readonly IReadOnlyList<string> _accounts;
        private readonly HashSet<string> _waiting;
        private NodeCounts? _counts;
        private readonly EventTrigger _trigger;
        private readonly CancellationTokenSource _stopWaits;
        private readonly CancellationTokenSource _stopTimer;
        private readonly Task _arrived;

        public Listening(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts, CancellationTokenSource stopWaits, CancellationTokenSource stopTimer)
        {
            _stopWaits = stopWaits;
            _stopTimer = stopTimer;
            _walk = walk;
            _node = node;
            _accounts = accounts;
            _waiting = new HashSet<string>(accounts, StringComparer.Ordinal);
            _trigger = node.Event ?? throw new InvalidOperationException($"Node {node.Id}: no event (the version should not have validated).");
            // Recorded once for the group, positions and the routing index together; every departure waits for it, so
            // a departure is never overwritten by it.
            _arrived = ArriveAsync();
            TimeoutAt = node.TimeoutAt is { } at ? at.UtcDateTime
                : node.Timeout is { } text ? walk.Context.CurrentUtcDateTime + WaitStep.Duration(node, text)
                : null;
        }

        public DateTime? TimeoutAt { get; }

        public async Task<IReadOnlyList<AccountGroup>> EventAsync(string account)
        {
            string name = EventTrigger.EventName(_trigger.Scope, _trigger.Type, _node.Id, account);
            try
            {
                // An event that misses the node's conditions is taken and ignored: the account keeps listening.
                RaisedEvent raised;
                do
                {
                    raised = await _walk.Context.WaitForExternalEvent<RaisedEvent>(name, _stopWaits.Token);
                }
                while (!_trigger.Matches(raised));
            }
            catch (TaskCanceledException)
            {
                return []; // timed out: the timer's work moved it on
            }

            _waiting.Remove(account);
            if (_waiting.Count == 0)
            {
                _stopTimer.Cancel(); // synchronously: the timer's work completes at this point of the history
            }

            await _arrived;
            _walk.Leave(_counts!, [account]);
            await _walk.RecordPositionsAsync(_node, [account], arrived: false, _trigger.Key);

            return [new AccountGroup(_walk.Journey.EdgesFrom(_node.Id).Single(e => e.Path == ListenPaths.Event).To, [account])];
        }

        /// <summary>
        /// The group is counted at the node once it is in the routing index, so an account shown as listening can be
        /// sent its event (an event before that finds no listener and is dropped).
        /// </summary>
        private async Task ArriveAsync()
        {
            await _walk.RecordPositionsAsync(_node, _accounts, arrived: true, _trigger.Key);
            _counts = _walk.Enter(_node, _accounts);
        }

        public async Task<IReadOnlyList<AccountGroup>> TimeOutAsync()
        {
            try
            {
                await _walk.Context.CreateTimer(TimeoutAt!.Value, _stopTimer.Token);
            }
            catch (TaskCanceledException)
            {
                return []; // every account had its event
            }

            List<string> timedOut = [.. _accounts.Where(_waiting.Contains)];
            _waiting.Clear();
            _stopWaits.Cancel();
            await _arrived;
            _walk.Leave(_counts!, timedOut);
            if (timedOut.Count > 0)
            {
                await _walk.RecordPositionsAsync(_node, timedOut, arrived: false, _trigger.Key);
            }

            string? onTimeout = (_node.TimeoutPath ?? true) ? _walk.Journey.EdgesFrom(_node.Id).SingleOrDefault(e => e.Path == ListenPaths.Timeout)?.To : null;
            if (onTimeout is null)
            {
                _walk.Exit(timedOut, ended: false);
                return [];
            }

            return [new AccountGroup(onTimeout, timedOut)];
        }
    }
}

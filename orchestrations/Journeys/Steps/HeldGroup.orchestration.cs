using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>
/// Holds accounts at a node until a time or an event comes (wait, listen for event). An account removed from the
/// journey meanwhile is taken out at once (<see cref="AccountBatchOrchestration"/> asks every holder), so it leaves the
/// node's counts and positions and can enter again without waiting for the hold to end.
/// </summary>
public interface IAccountHolder
{
    /// <summary>Takes out those of <paramref name="removed"/> it holds, starts recording their departure, and returns them.</summary>
    IReadOnlyList<string> Release(IReadOnlySet<string> removed);
}

/// <summary>
/// One group held at a wait or listen node: who of it is still held, its arrival, and the timer that ends its hold.
/// A wait's group is a holder itself; a listen node's groups are released through their node's <see cref="ListenInbox"/>.
/// </summary>
public sealed class HeldGroup : IAccountHolder
{
    private readonly AccountBatchOrchestration _walk;
    private readonly JourneyNode _node;
    private readonly string? _listensFor;
    private NodeCounts? _counts;

    /// <summary>A group held at <paramref name="node"/>; <paramref name="listensFor"/> is the event key a listen node's positions are routed by, null at a wait.</summary>
    public HeldGroup(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts, string? listensFor)
    {
        ArgumentNullException.ThrowIfNull(walk);
        ArgumentNullException.ThrowIfNull(node);
        _walk = walk;
        _node = node;
        _listensFor = listensFor;
        StopTimer = CancellationTokenSource.CreateLinkedTokenSource(walk.Stopping);
        Accounts = accounts;
        Held = new HashSet<string>(accounts, StringComparer.Ordinal);
        // Recorded once for the group (at a listen node the routing index and then the positions) and only then counted
        // at the node, so an account shown there can be sent its event (an event before that finds no listener and is
        // dropped); every departure waits for it, so a departure is never overwritten by it.
        Arrived = ArriveAsync();
    }

    public IReadOnlyList<string> Accounts { get; }

    /// <summary>The accounts of the group still held.</summary>
    public HashSet<string> Held { get; }

    /// <summary>Cancelled once no account is held, or when the batch stops on a failure: the group's timer is not waited for.</summary>
    // Not disposed: a token source without a timer holds nothing but memory, and is cancelled from inside the
    // orchestration's own continuations, where disposing it could race its callbacks.
    public CancellationTokenSource StopTimer { get; }

    public Task Arrived { get; }

    /// <summary>The node's counts, once <see cref="Arrived"/> completed.</summary>
    public NodeCounts Counts => _counts ?? throw new InvalidOperationException("The group has not arrived yet.");

    /// <summary>The accounts still held, in group order, after which none is: the hold ended for them all.</summary>
    public IReadOnlyList<string> EndHold()
    {
        List<string> held = [.. Accounts.Where(Held.Contains)];
        Held.Clear();
        return held;
    }

    /// <summary>
    /// Takes the removed accounts out of the group: they leave the node's counts and positions (once the arrival is
    /// recorded) as bookkeeping work of the batch, and the timer stops when none is left.
    /// </summary>
    public IReadOnlyList<string> Release(IReadOnlySet<string> removed)
    {
        ArgumentNullException.ThrowIfNull(removed);
        List<string> taken = [.. Accounts.Where(a => removed.Contains(a) && Held.Remove(a))];
        if (taken.Count > 0)
        {
            if (Held.Count == 0)
            {
                StopTimer.Cancel(); // synchronously: the timer's work completes at this point of the history
            }

            _walk.Keep(new GroupWork(_node.Id, DepartAsync(taken), OnTheClock: true, Bookkeeping: true));
        }

        return taken;
    }

    private async Task<IReadOnlyList<AccountGroup>> DepartAsync(IReadOnlyList<string> accounts)
    {
        try
        {
            await Arrived;
        }
        catch (TaskFailedException)
        {
            return []; // nothing was recorded to leave; the node's step reports the failure, and a failing batch waits for this work
        }

        _walk.Leave(Counts, accounts);
        await _walk.RecordPositionsAsync(_node, accounts, arrived: false, _listensFor);
        return [];
    }

    private async Task ArriveAsync()
    {
        await _walk.RecordPositionsAsync(_node, Accounts, arrived: true, _listensFor);
        _counts = _walk.Enter(_node, Accounts);
    }
}

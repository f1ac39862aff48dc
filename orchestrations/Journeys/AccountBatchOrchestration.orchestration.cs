using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Journeys;

/// <summary>
/// Walks one batch of accounts through the journey graph. Accounts move as groups: a group enters a node,
/// the node acts on the whole group with one activity call (or one timer), and the group splits only where
/// the graph does. Live per-node counts are published as the custom status after every step.
/// </summary>
public sealed class AccountBatchOrchestration
{
    private readonly TaskOrchestrationContext _context;
    private readonly AccountBatchInput _input;
    private readonly Dictionary<string, NodeCounts> _counts = new(StringComparer.Ordinal);
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
        return new AccountBatchResult(accounts.Count, _ended, _accountEffects, _personEffects);
    }

    private async Task VisitAsync(JourneyNode node, IReadOnlyList<string> accounts)
    {
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
                await _context.CreateTimer(node.Until?.UtcDateTime ?? _context.CurrentUtcDateTime + Duration(node), CancellationToken.None);
                break;
            case JourneyNodeType.SplitByAccount:
                await SplitAsync(node, accounts, counts);
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

    private async Task ApplyActionAsync(JourneyNode node, IReadOnlyList<string> accounts, NodeCounts counts)
    {
        ActionDefinition action = ActionCatalog.Find(node.Action)
            ?? throw new InvalidOperationException($"Node {node.Id}: unknown action '{node.Action}' (the version should not have validated).");
        ActionResult result = await _context.CallActivityAsync<ActionResult>(
            action.ActivityName, new ActionRequest(_input.RunId, node.Id, action.Type, node.Settings, accounts), ActivityRetry.Default);
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

    private static TimeSpan Duration(JourneyNode node) =>
        JourneyValidator.TryParseDuration(node.Duration ?? "", out TimeSpan duration)
            ? duration
            : throw new InvalidOperationException($"Node {node.Id}: invalid duration '{node.Duration}'.");

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

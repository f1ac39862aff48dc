using System.Runtime.ExceptionServices;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// What an action's apply step works with: the request (run, node, accounts, people on the path), its settings, the
/// host's services (stores, clock), and the journal: one entry per (run, node, target), written when the action
/// returns, so a retried call merges into its own rows rather than adding more.
/// </summary>
public sealed class ActionContext(ActionDefinition action, ActionRequest request, ActionSettings settings, IServiceProvider services)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Effect> _journal = new();

    /// <summary>Targets per journal row aimed at: a call of 500 accounts' people journals in 10 rows, one transaction.</summary>
    private const int TargetsPerRow = 500;

    /// <summary>People per account assumed when sizing a people action's journal rows (more only makes them larger).</summary>
    private const int PeoplePerAccount = 10;

    /// <summary>Accounts whose people are written at once.</summary>
    private const int Concurrency = 16;

    public ActionRequest Request { get; } = request ?? throw new ArgumentNullException(nameof(request));

    public ActionSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    public IReadOnlyList<string> AccountIds => Request.AccountIds;

    /// <summary>A service of the host (a store, say).</summary>
    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    /// <summary>Now, by the host's clock.</summary>
    public DateTimeOffset Now => Get<TimeProvider>().GetUtcNow();

    /// <summary>Run, node and time, stored with a membership change.</summary>
    public IReadOnlyDictionary<string, object?> By => MembershipColumns.By(Request.RunId, Request.NodeId, Now);

    /// <summary>How attribute changes are journaled: <c>name=value;...</c>.</summary>
    public static string Assignments(IReadOnlyDictionary<string, string?> attributes) =>
        string.Join(";", (attributes ?? throw new ArgumentNullException(nameof(attributes))).Select(a => $"{a.Key}={a.Value}"));

    /// <summary>
    /// Tells listening runs what this action did (any journey's listen nodes, this one's included), through the event
    /// router's queue. A retried call tells them again; a listening account moves on once. Each event carries the time
    /// it was raised (<see cref="RaisedEvent.RaisedAt"/>): the accounts this action then takes to a listen node arrive
    /// there after it, so that listen does not hear the action's own event when the router gets to it.
    /// </summary>
    public Task RaiseAsync(IEnumerable<RaisedEvent> events, CancellationToken cancellationToken)
    {
        DateTimeOffset now = Now;
        return Get<IJourneyEventPublisher>().PublishAsync(events.Select(e => e with { RaisedAt = now }), cancellationToken);
    }

    /// <summary>Raises an account event of <paramref name="type"/> with <paramref name="attributes"/> for every account of the request.</summary>
    public Task RaiseForAccountsAsync(string type, IReadOnlyDictionary<string, string?> attributes, CancellationToken cancellationToken) =>
        RaiseAsync(AccountIds.Select(a => new RaisedEvent(EventTrigger.AccountScope, type, a, null, attributes)), cancellationToken);

    /// <summary>
    /// Sets <paramref name="attributes"/> on the people on the path (journaled), raises a <c>personDataChange</c> per
    /// person and field unless a field the sales sync reads is among them (then the marketing store's change feed
    /// carries every field of the write, at its time, and raising them here too would raise the others twice), and
    /// with a Marketo connection updates the leads too (Sync Leads <c>updateOnly</c> by id, 300 a call; attribute names
    /// are Marketo REST field names there). The values are absolute, so a retry writes the same values again.
    /// </summary>
    public async Task<ActionResult> SetPeopleFieldsAsync(IReadOnlyDictionary<string, string?> attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        IPeopleStore people = Get<IPeopleStore>();
        string assignments = Assignments(attributes);
        var changed = new System.Collections.Concurrent.ConcurrentBag<(string Account, string Person)>();
        ActionResult local = await ForPeopleOnPathAsync(assignments, async (accountId, ids, ct) =>
        {
            await people.SetFieldsAsync(accountId, ids, attributes, ct);
            foreach (string id in ids)
            {
                changed.Add((accountId, id));
            }
        }, cancellationToken);
        if (!attributes.Keys.Any(PersonFields.AffectsSync))
        {
            await RaiseAsync(changed.Order().SelectMany(p => DomainEvents.PersonDataChanges(p.Account, p.Person, [.. attributes.Keys], f => attributes[f], oldValues: null)), cancellationToken);
        }
        if (Marketo() is not { } marketo)
        {
            return local;
        }

        List<string> everyone = [.. changed.Select(p => p.Person).Order(StringComparer.Ordinal)];
        IReadOnlyList<LeadOutcome> outcomes = await marketo.UpdateLeadsAsync(everyone, attributes, cancellationToken);
        return RecordOutcomes(outcomes.Select(o => o with { Detail = $"{assignments}; {o.Detail}" }).ToList());
    }

    /// <summary>
    /// Journals <paramref name="targets"/> (accounts or people) with what was done to them; a later word on a target
    /// replaces an earlier one. Kept until the action returns, then written at once (<see cref="WriteJournalAsync"/>).
    /// </summary>
    public void Journal(IEnumerable<string> targets, string detail)
    {
        foreach (string target in targets)
        {
            _journal.Enqueue(new Effect(Request.RunId, Request.NodeId, target, Request.Action, detail));
        }
    }

    /// <summary>Whether the action has journaled any target yet (nothing is written before <see cref="WriteJournalAsync"/>).</summary>
    public bool HasJournaled => !_journal.IsEmpty;

    /// <summary>Writes what the action journaled: one row per slice of its targets, in the call's own partition.</summary>
    public Task WriteJournalAsync(CancellationToken cancellationToken) => Get<IEffectStore>().RecordAsync(_journal, Group(), cancellationToken);

    /// <summary>The request's accounts all changed: journals them with <paramref name="detail"/>.</summary>
    public ActionResult AccountsDone(string detail)
    {
        Journal(AccountIds, detail);
        return new ActionResult(AccountIds.Count, 0, 0);
    }

    /// <summary>Skips every account of the request with the reason (a target no longer usable): journaled, counted, not failed.</summary>
    public ActionResult SkipAll(string reason)
    {
        Journal(AccountIds, reason);
        return new ActionResult(0, 0, AccountIds.Count);
    }

    /// <summary>
    /// The Marketo instance when one is configured and <paramref name="connection"/> names it (or the action names
    /// no connection); null: the action works on the local tables.
    /// </summary>
    public IMarketoEngage? Marketo(string? connection = null) =>
        services.GetService<IMarketoEngage>() is { } marketo && (connection is null || connection == marketo.Connection) ? marketo : null;

    /// <summary>Journals each person with what Marketo did (or why it skipped them); counts the done and the skipped.</summary>
    public ActionResult RecordOutcomes(IReadOnlyList<LeadOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        foreach (LeadOutcome outcome in outcomes)
        {
            Journal([outcome.PersonId], outcome.Detail);
        }

        int done = outcomes.Count(o => o.Done);
        return new ActionResult(AccountIds.Count, done, outcomes.Count - done);
    }

    /// <summary>Skips every person given with the reason: journaled, counted, not failed.</summary>
    public ActionResult SkipPeople(IEnumerable<string> personIds, string reason) =>
        RecordOutcomes(personIds.Select(p => new LeadOutcome(p, false, reason)).ToList());

    /// <summary>
    /// Skips <paramref name="personIds"/> because Marketo will not serve the call (a spent daily quota, a name it holds
    /// twice), the reason after what the action already did locally (<paramref name="doneLocally"/>); retries could only
    /// fail the run. Rethrows the refusal instead when an earlier attempt of this call already sent some of them:
    /// recorded as skipped they would be lost.
    /// </summary>
    public async Task<ActionResult> SkipRefusedByMarketoAsync(
        IReadOnlyList<string> personIds, MarketoRefusedException refusal, string? doneLocally, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        if (Marketo() is { } marketo && await marketo.SentAnyAsync(Request.RunId, Request.NodeId, personIds, cancellationToken))
        {
            ExceptionDispatchInfo.Throw(refusal);
        }

        string skipped = $"skipped by Marketo: {refusal.Message}";
        return SkipPeople(personIds, doneLocally is null ? skipped : $"{doneLocally}; {skipped}");
    }

    /// <summary>
    /// The fields of the request's accounts by account id, for <c>{{account.Field}}</c> tokens: read (one query for all
    /// the accounts) only when one of <paramref name="templates"/> has such a token, else none.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>>> AccountFieldsForAsync(CancellationToken cancellationToken, params string[] templates) =>
        Personalization.NamesAccount(templates)
            ? await Get<IAccountStore>().GetAttributesOfAsync(AccountIds, cancellationToken)
            : new Dictionary<string, IReadOnlyDictionary<string, string?>>();

    /// <summary>The people on the action's path, all accounts together.</summary>
    public async Task<List<Person>> PeopleOnPathAsync(CancellationToken cancellationToken) =>
        (await PeopleOnPathByAccountAsync(cancellationToken)).Values.SelectMany(p => p).ToList();

    /// <summary>The ids of the people on the action's path.</summary>
    public async Task<List<string>> PeopleIdsOnPathAsync(CancellationToken cancellationToken) =>
        (await PeopleOnPathAsync(cancellationToken)).Select(p => p.Id).ToList();

    /// <summary>
    /// The people on the action's path, per account, read with one query for all the request's accounts: all of an
    /// account's people, or inside a split by people only those listed in the request.
    /// </summary>
    public async Task<Dictionary<string, List<Person>>> PeopleOnPathByAccountAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, List<Person>> people = await Get<IPeopleStore>().PeopleOfAccountsAsync(AccountIds, cancellationToken);
        return people.ToDictionary(p => p.Key, p => OnPath(p.Key, p.Value), StringComparer.Ordinal);
    }

    /// <summary>
    /// Applies <paramref name="apply"/> to each account's people on the path, concurrently (each account is its own
    /// partition), then journals every person in bulk, 100 rows to a transaction.
    /// </summary>
    public async Task<ActionResult> ForPeopleOnPathAsync(
        string detail, Func<string, IReadOnlyCollection<string>, CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        Dictionary<string, List<Person>> people = await PeopleOnPathByAccountAsync(cancellationToken);
        await Parallel.ForEachAsync(
            people.Where(p => p.Value.Count > 0),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (account, ct) => await apply(account.Key, account.Value.Select(p => p.Id).ToList(), ct));
        List<string> everyone = people.Values.SelectMany(p => p).Select(p => p.Id).ToList();
        Journal(everyone, detail);
        return new ActionResult(AccountIds.Count, everyone.Count, 0);
    }

    private List<Person> OnPath(string accountId, List<Person> people)
    {
        if (Request.People is null)
        {
            return people;
        }

        HashSet<string> onPath = Request.People.TryGetValue(accountId, out IReadOnlyList<string>? ids) ? ids.ToHashSet(StringComparer.Ordinal) : [];
        return people.Where(p => onPath.Contains(p.Id)).ToList();
    }

    /// <summary>
    /// The call's journal partitions, from its input alone: its first account names it (a call's accounts reach a
    /// node once per run, so no other call at that node has it), and its account count sizes it.
    /// </summary>
    private EffectGroup Group()
    {
        int targetsPerAccount = action.Scope == ActionScope.People ? PeoplePerAccount : 1;
        int slices = Math.Clamp(((AccountIds.Count * targetsPerAccount) + TargetsPerRow - 1) / TargetsPerRow, 1, 1000);
        return new EffectGroup(StableId.Of(AccountIds.Count > 0 ? AccountIds[0] : string.Empty, 16), slices);
    }
}

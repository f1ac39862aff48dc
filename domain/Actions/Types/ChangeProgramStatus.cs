using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Marketo;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "change program status in Marketo": sets each person's membership status in a program of a Marketo
/// Engage connection to one of the program's statuses. On the Marketo instance when the connection is the configured
/// one (the program looked up by name, its statuses from its channel; Sync Program Member Status, per-person outcome
/// journaled), else in the local <see cref="IMarketoEngageStore"/> (one row per person, rewritten by a retry). The
/// status must still be one of the program's when the action runs; if not, the people are skipped with the reason.
/// </summary>
public sealed class ChangeProgramStatus() : ActionDefinition("changeProgramStatus", ActionScope.People, "Sets each person's status in a Marketo program.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Name100("connection", "A configured Marketo Engage connection."),
        ActionSetting.Name100("program", "A program of that connection."),
        ActionSetting.Name100("status", "One of the program's statuses, e.g. Registered."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        (string connection, string program, string status) = Names(context.Settings);
        List<string> ids = await context.PeopleIdsOnPathAsync(cancellationToken);
        if (context.Marketo(connection) is { } marketo)
        {
            // The program and its statuses once per call (cached for a minute), then every person in calls of 300.
            MarketoProgram? found = await marketo.FindProgramAsync(program, cancellationToken);
            return StatusProblem(found?.Statuses, connection, program, status) is { } missing
                ? context.SkipPeople(ids, $"skipped: {missing}")
                : context.RecordOutcomes(await marketo.SetProgramStatusAsync(found!.Id, ids, status, cancellationToken));
        }

        IMarketoEngageStore local = context.Get<IMarketoEngageStore>();
        if (StatusProblem(await local.GetProgramStatusesAsync(connection, program, cancellationToken), connection, program, status) is { } problem)
        {
            context.Journal(ids, $"skipped: {problem}");
            return new ActionResult(0, 0, ids.Count);
        }

        await local.SetProgramStatusAsync(connection, program, ids, status, context.By, cancellationToken);
        context.Journal(ids, $"{program}: {status}");
        return new ActionResult(context.AccountIds.Count, ids.Count, 0);
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings)
    {
        (string connection, string program, string status) = Names(settings);
        return
        [
            ActionReference.MarketoConnection("connection", connection),
            ActionReference.MarketoProgram("program", connection, program, statuses => statuses is null ? StatusProblem(statuses, connection, program, status) : null),
            ActionReference.MarketoProgram("status", connection, program, statuses => statuses is null ? null : StatusProblem(statuses, connection, program, status)),
        ];
    }

    private static (string Connection, string Program, string Status) Names(ActionSettings settings) =>
        (settings.RequiredString("connection"), settings.RequiredString("program"), settings.RequiredString("status"));

    private static string? StatusProblem(IReadOnlyList<string>? statuses, string connection, string program, string status) =>
        statuses is null ? $"Marketo connection '{connection}' has no program '{program}'"
        : !statuses.Contains(status, StringComparer.Ordinal) ? $"program '{program}' has no status '{status}' (its statuses: {string.Join(", ", statuses)})"
        : null;
}

using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Marketo;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "change program status in Marketo": sets each person's membership status in a program of a Marketo
/// Engage connection to one of the program's statuses (one row per person, rewritten by a retry). The status must
/// still be one of the program's when the action runs; if not, the people are skipped with the reason, not failed.
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
        IMarketoEngageStore marketo = context.Get<IMarketoEngageStore>();
        List<string> ids = await context.PeopleIdsOnPathAsync(cancellationToken);
        if (StatusProblem(await marketo.GetProgramStatusesAsync(connection, program, cancellationToken), connection, program, status) is { } problem)
        {
            await context.RecordAsync(ids, $"skipped: {problem}", cancellationToken);
            return new ActionResult(0, 0, ids.Count);
        }

        await marketo.SetProgramStatusAsync(connection, program, ids, status, context.By, cancellationToken);
        await context.RecordAsync(ids, $"{program}: {status}", cancellationToken);
        return new ActionResult(context.AccountIds.Count, ids.Count, 0);
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings)
    {
        (string connection, string program, string status) = Names(settings);
        return
        [
            ActionReference.MarketoConnection("connection", connection),
            new("program", async (services, ct) =>
                await services.GetRequiredService<IMarketoEngageStore>().GetProgramStatusesAsync(connection, program, ct) is null
                    ? $"Marketo connection '{connection}' has no program '{program}'" : null),
            new("status", async (services, ct) =>
                await services.GetRequiredService<IMarketoEngageStore>().GetProgramStatusesAsync(connection, program, ct) is { } statuses
                    ? StatusProblem(statuses, connection, program, status) : null),
        ];
    }

    private static (string Connection, string Program, string Status) Names(ActionSettings settings) =>
        (settings.RequiredString("connection"), settings.RequiredString("program"), settings.RequiredString("status"));

    private static string? StatusProblem(IReadOnlyList<string>? statuses, string connection, string program, string status) =>
        statuses is null ? $"Marketo connection '{connection}' has no program '{program}'"
        : !statuses.Contains(status, StringComparer.Ordinal) ? $"program '{program}' has no status '{status}' (its statuses: {string.Join(", ", statuses)})"
        : null;
}

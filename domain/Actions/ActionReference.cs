using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// Something an action's settings point at that must exist (and be usable) when the journey is saved or published:
/// the setting that names it, and the check that finds what is wrong with it (null when all is well), given the
/// host's services. The common kinds are built here; an action with a kind of its own writes its check inline.
/// </summary>
public sealed record ActionReference(string Setting, Func<IServiceProvider, CancellationToken, Task<string?>> FindProblemAsync)
{
    /// <summary>How long one reference check may wait on Marketo before it reports that Marketo could not be asked.</summary>
    public static readonly TimeSpan MarketoCheckBudget = TimeSpan.FromSeconds(10);

    /// <summary>What is referred to (kind and names), so a journey naming it on many nodes looks it up once; null: looked up per use.</summary>
    public string? Key { get; init; }

    /// <summary>The account journey referred to, when it is one (a journey may not name itself).</summary>
    public string? JourneyId { get; init; }

    /// <summary>Another account journey, which must be live.</summary>
    public static ActionReference LiveJourney(string setting, string journeyId) => new ActionReference(setting, async (services, ct) =>
    {
        JourneyInfo? target = TableKey.IsValid(journeyId) ? await services.GetRequiredService<IJourneyStore>().GetAsync(journeyId, ct) : null;
        return target is null ? $"there is no journey '{journeyId}'"
            : target.Status != JourneyStatus.Live ? $"journey '{journeyId}' is {target.Status.ToString().ToLowerInvariant()}; it must be live"
            : null;
    }) with { Key = $"journey\u001f{journeyId}", JourneyId = journeyId };

    /// <summary>An account list, which must be static (and live, where <paramref name="mustBeLive"/>).</summary>
    public static ActionReference StaticAccountList(string setting, string listId, bool mustBeLive = true) => new ActionReference(setting, async (services, ct) =>
    {
        AccountList? list = TableKey.IsValid(listId) ? await services.GetRequiredService<IAccountListStore>().GetAsync(listId, ct) : null;
        return list is null ? $"there is no account list '{listId}'"
            : !list.IsStatic ? $"account list '{listId}' is a smart list; it must be a static list"
            : mustBeLive && !list.IsLive ? $"account list '{listId}' is not live"
            : null;
    }) with { Key = $"list\u001f{mustBeLive}\u001f{listId}" };

    /// <summary>A configured Marketo Engage connection: the app's Marketo instance, or one in the local store.</summary>
    public static ActionReference MarketoConnection(string setting, string connection) => new ActionReference(setting, async (services, ct) =>
        services.GetService<IMarketoEngage>()?.Connection == connection || await services.GetRequiredService<IMarketoEngageStore>().ConnectionExistsAsync(connection, ct)
            ? null
            : $"Marketo connection '{connection}' is not configured") with { Key = $"connection\u001f{connection}" };

    /// <summary>A static list of a Marketo connection: looked up in Marketo when the connection is the configured instance, else in the local store.</summary>
    public static ActionReference MarketoList(string setting, string connection, string list) => new ActionReference(setting, async (services, ct) =>
        services.GetService<IMarketoEngage>() is { } marketo && marketo.Connection == connection
            ? await LiveAsync(marketo, async token => await marketo.FindListAsync(list, token) is not null, $"Marketo has no static list '{list}'", ct)
            : await services.GetRequiredService<IMarketoEngageStore>().ListExistsAsync(connection, list, ct) ? null : $"Marketo connection '{connection}' has no static list '{list}'")
        with { Key = $"mlist\u001f{connection}\u001f{list}" };

    /// <summary>
    /// A program of a Marketo connection, judged by <paramref name="problemOf"/> from its statuses (null: no such
    /// program): looked up in Marketo when the connection is the configured instance, else in the local store. No
    /// <see cref="Key"/>: the settings it checks each judge the statuses their own way (Marketo's lookup is cached).
    /// </summary>
    public static ActionReference MarketoProgram(string setting, string connection, string program, Func<IReadOnlyList<string>?, string?> problemOf) =>
        new(setting, async (services, ct) =>
            services.GetService<IMarketoEngage>() is { } marketo && marketo.Connection == connection
                ? await LiveAsync(marketo, async token => problemOf((await marketo.FindProgramAsync(program, token))?.Statuses), ct)
                : problemOf(await services.GetRequiredService<IMarketoEngageStore>().GetProgramStatusesAsync(connection, program, ct)));

    /// <summary>A request campaign of a Marketo workspace: looked up in Marketo when the connection is the configured instance, else in the local store.</summary>
    public static ActionReference RequestCampaign(string setting, string? connection, string workspace, string campaign) => new ActionReference(setting, async (services, ct) =>
        services.GetService<IMarketoEngage>() is { } marketo && (connection is null || marketo.Connection == connection)
            ? await LiveAsync(marketo, async token => await marketo.FindCampaignAsync(workspace, campaign, token) is not null, $"Marketo has no requestable campaign '{campaign}' in workspace '{workspace}'", ct)
            : await services.GetRequiredService<IMarketoEngageStore>().CampaignExistsAsync(workspace, campaign, ct) ? null : $"workspace '{workspace}' has no request campaign '{campaign}'")
        with { Key = $"campaign\u001f{connection}\u001f{workspace}\u001f{campaign}" };

    /// <summary>
    /// With a Marketo connection configured, a request campaign the action needs there (in <paramref name="workspace"/>,
    /// or any when null) for <paramref name="purpose"/>; nothing to check without one.
    /// </summary>
    public static ActionReference ConfiguredMarketoCampaign(string setting, string? workspace, string campaign, string purpose) => new ActionReference(setting, async (services, ct) =>
        services.GetService<IMarketoEngage>() is { } marketo
            ? await LiveAsync(marketo, async token => await marketo.FindCampaignAsync(workspace, campaign, token) is not null,
                $"Marketo has no requestable campaign '{campaign}'{(workspace is null ? "" : $" in workspace '{workspace}'")} {purpose}", ct)
            : null)
        with { Key = $"campaign\u001f\u001f{workspace}\u001f{campaign}" };

    /// <summary>
    /// An email of a Marketo workspace, stored locally. Where <paramref name="marketoSendsIt"/> and a Marketo connection
    /// is configured, Marketo sends it and its send campaign is checked instead; a sales alert always goes out through
    /// the email provider with the stored email, so it is checked whatever is configured.
    /// </summary>
    public static ActionReference WorkspaceEmail(string setting, string workspace, string email, bool marketoSendsIt = true) => new ActionReference(setting, async (services, ct) =>
        (marketoSendsIt && services.GetService<IMarketoEngage>() is not null) || await services.GetRequiredService<IMarketoEngageStore>().GetEmailAsync(workspace, email, ct) is not null
            ? null
            : $"workspace '{workspace}' has no email '{email}'") with { Key = $"email\u001f{marketoSendsIt}\u001f{workspace}\u001f{email}" };

    /// <summary>An ad destination such as LinkedIn.</summary>
    public static ActionReference Destination(string setting, string destination) => new ActionReference(setting, async (services, ct) =>
        await services.GetRequiredService<IDestinationStore>().ExistsAsync(destination, ct) ? null : $"destination '{destination}' is not configured") with { Key = $"destination\u001f{destination}" };

    /// <summary>An existing external audience.</summary>
    public static ActionReference ExternalAudience(string setting, string audience) => new ActionReference(setting, async (services, ct) =>
        await services.GetRequiredService<IExternalAudienceStore>().ExistsAsync(audience, ct) ? null : $"there is no external audience '{audience}' (to create one, use newAudienceName)") with { Key = $"audience\u001f{audience}" };

    /// <summary>A lookup in the live Marketo instance: null when found, <paramref name="missing"/> when not, and why when Marketo could not be asked.</summary>
    private static Task<string?> LiveAsync(IMarketoEngage marketo, Func<CancellationToken, Task<bool>> exists, string missing, CancellationToken cancellationToken) =>
        LiveAsync(marketo, async token => await exists(token) ? null : missing, cancellationToken);

    /// <summary>
    /// The problem a check with Marketo finds, or why Marketo could not be asked. A check gets
    /// <see cref="MarketoCheckBudget"/>: the client's retries of a Marketo that does not answer take about 90 s, and a
    /// save or publish waits on the check.
    /// </summary>
    private static async Task<string?> LiveAsync(IMarketoEngage marketo, Func<CancellationToken, Task<string?>> findProblem, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(MarketoCheckBudget);
        try
        {
            return await findProblem(budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"could not check with Marketo connection '{marketo.Connection}': Marketo gave no usable answer within {MarketoCheckBudget.TotalSeconds:0} s";
        }
        catch (AmbiguousMarketoNameException e)
        {
            return e.Message; // Marketo answered: the name is the problem, not the connection
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"could not check with Marketo connection '{marketo.Connection}': {e.Message}";
        }
    }
}

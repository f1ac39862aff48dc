using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.AccountLists;
using JourneyFunctions.Storage.Audiences;
using JourneyFunctions.Storage.Destinations;
using JourneyFunctions.Storage.Marketo;

namespace JourneyFunctions.Storage.Samples;

/// <summary>
/// The things sample journeys refer to: a live static account list, a LinkedIn destination, an external audience,
/// and a Marketo connection with a static list and a program, a workspace with a request campaign and two emails.
/// </summary>
public static class SampleCatalog
{
    public const string AccountList = "target-accounts";
    public const string Destination = "LinkedIn";
    public const string Audience = "Webinar attendees";
    public const string Connection = "Marketo Production";
    public const string MarketoList = "Newsletter";
    public const string Program = "Webinar Q4";
    public const string Workspace = "Default";
    public const string Campaign = "Nurture";
    public const string WelcomeEmail = "Welcome";
    public const string SalesAlertEmail = "Sales alert";

    public static async Task SeedAsync(
        AccountListStore lists, DestinationStore destinations, ExternalAudienceStore audiences, MarketoEngageStore marketo,
        IReadOnlyList<string> listedAccounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(audiences);
        ArgumentNullException.ThrowIfNull(marketo);
        await lists.SaveAsync(new AccountList(AccountList, "Target accounts", IsStatic: true, IsLive: true), cancellationToken);
        await lists.SetMembersAsync(AccountList, listedAccounts, isMember: true, cancellationToken: cancellationToken);
        await destinations.AddDestinationAsync(Destination, cancellationToken);
        await audiences.CreateAsync(Audience, "People who attended a webinar", cancellationToken);
        await marketo.AddConnectionAsync(Connection, cancellationToken);
        await marketo.AddListAsync(Connection, MarketoList, cancellationToken);
        await marketo.AddProgramAsync(Connection, Program, ["Invited", "Registered", "Attended", "No Show"], cancellationToken);
        await marketo.AddWorkspaceAsync(Workspace, cancellationToken);
        await marketo.AddCampaignAsync(Workspace, Campaign, cancellationToken);
        await marketo.AddEmailAsync(new MarketoEmail(Workspace, WelcomeEmail, "Welcome, {{lead.FirstName:default=there}}", "Hello {{lead.FirstName:default=there}} at {{lead.Company}}."), cancellationToken);
        await marketo.AddEmailAsync(new MarketoEmail(Workspace, SalesAlertEmail, "{{account.Name}} is ready for {{account.SolutionInterest}}", "{{account.Name}} ({{account.Industry}}) reached the sales-ready stage."), cancellationToken);
    }
}

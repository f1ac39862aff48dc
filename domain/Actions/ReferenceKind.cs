namespace JourneyFunctions.Domain.Actions;

/// <summary>The kinds of things action settings refer to; see <see cref="ActionReference"/>.</summary>
public enum ReferenceKind
{
    /// <summary>Another account journey, which must be live.</summary>
    LiveJourney,

    /// <summary>An account list, which must be static and live.</summary>
    LiveStaticAccountList,

    /// <summary>A configured Marketo Engage connection.</summary>
    MarketoConnection,

    /// <summary>A static list of a Marketo connection: names are connection and list.</summary>
    MarketoList,

    /// <summary>A request campaign of a Marketo workspace: names are workspace and campaign.</summary>
    RequestCampaign,

    /// <summary>An email of a Marketo workspace: names are workspace and email.</summary>
    WorkspaceEmail,

    /// <summary>An ad destination such as LinkedIn.</summary>
    Destination,

    /// <summary>An existing external audience.</summary>
    ExternalAudience,
}

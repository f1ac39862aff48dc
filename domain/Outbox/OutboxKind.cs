namespace JourneyFunctions.Domain.Outbox;

/// <summary>What an outbox message is; each kind has its own "at most once" scope.</summary>
public enum OutboxKind
{
    /// <summary>A marketing email: a person gets a given email at most once per journey.</summary>
    Email,

    /// <summary>An SMS: once per person per run and node.</summary>
    Sms,

    /// <summary>An alert to an account's sales owner: once per account per run and node.</summary>
    SalesAlert,

    /// <summary>A Marketo campaign request for a person (never in the outbox: its ledger rows guard the request itself).</summary>
    CampaignRequest,

    /// <summary>An interesting moment written to Marketo as a custom activity (ledger rows only, as above).</summary>
    MarketoMoment,
}

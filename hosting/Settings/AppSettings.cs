using System.Globalization;
using System.Text.Json;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Email;
using JourneyFunctions.Handlers;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Marketo;
using JourneyFunctions.Sms;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Outbox;
using JourneyFunctions.Storage.SalesActivities;
using Microsoft.Extensions.Configuration;

namespace JourneyFunctions.Hosting.Settings;

/// <summary>
/// Every app setting the code reads, by name. Both hosts read them from configuration
/// (app settings in Azure, <c>local.settings.json</c> "Values" locally), with the defaults below.
/// </summary>
public sealed partial class AppSettings
{
    public const string StorageConnectionName = "AzureWebJobsStorage";
    public const string TaskHubNameName = "TaskHubName";
    public const string JourneyBatchSizeName = "JourneyBatchSize";
    public const string SyncPageSizeName = "SyncPageSize";
    public const string InitialSyncScheduleName = "InitialSyncSchedule";
    /// <summary>The Service Bus connection, identity-based: <c>ServiceBus__fullyQualifiedNamespace</c>, <c>__credential</c>, <c>__clientId</c>.</summary>
    public const string ServiceBusName = "ServiceBus";
    public const string SalesforceTaskTypesName = "SalesforceTaskTypes";
    public const string CheckMarketingUnsubscribeName = "CheckMarketingUnsubscribe";
    public const string AllowUnknownUnsubscribeName = "AllowUnknownUnsubscribe";
    public const string SalesforceLoginUrlName = "SalesforceLoginUrl";
    public const string SalesforceClientIdName = "SalesforceClientId";
    public const string SalesforceClientSecretName = "SalesforceClientSecret";
    public const string SalesforceApiVersionName = "SalesforceApiVersion";
    public const string SyncSourceName = "SyncSource";
    public const string MarketoChangesScheduleName = "MarketoChangesSchedule";
    public const string SyncMaxPeoplePerMinuteName = "SyncMaxPeoplePerMinute";
    public const string MarketoBaseUrlName = "MarketoBaseUrl";
    public const string MarketoClientIdName = "MarketoClientId";
    public const string MarketoClientSecretName = "MarketoClientSecret";
    public const string MarketoStaticListIdName = "MarketoStaticListId";
    /// <summary>How the initial sync reads Marketo: <c>list</c> (pages the static list) or <c>bulk</c> (Bulk Lead Extract).</summary>
    public const string MarketoInitialSyncName = "MarketoInitialSync";
    /// <summary>With <c>MarketoInitialSync=bulk</c>: the start of the <c>updatedAt</c> range exported (ISO 8601, UTC).</summary>
    public const string MarketoBulkSinceName = "MarketoBulkSince";
    public const string MarketoCallsPer20SecondsName = "MarketoCallsPer20Seconds";
    public const string MarketoMaxConcurrentCallsName = "MarketoMaxConcurrentCalls";
    public const string MarketoDailyQuotaName = "MarketoDailyQuota";
    public const string MarketoActivityTypeIdsName = "MarketoActivityTypeIds";
    public const string MarketoConnectionName = "MarketoConnection";
    public const string MarketoMomentActivityTypeIdName = "MarketoMomentActivityTypeId";
    public const string EmailProviderName = "EmailProvider";
    public const string EmailFromAddressName = "EmailFromAddress";
    public const string SmtpHostName = "SmtpHost";
    public const string SmtpPortName = "SmtpPort";
    public const string SmtpSecurityName = "SmtpSecurity";
    public const string SmtpUserNameName = "SmtpUserName";
    public const string SmtpPasswordName = "SmtpPassword";
    public const string SendGridApiKeyName = "SendGridApiKey";
    public const string SendGridBaseUrlName = "SendGridBaseUrl";
    public const string TwilioAccountSidName = "TwilioAccountSid";
    public const string TwilioAuthTokenName = "TwilioAuthToken";
    public const string TwilioFromNumberName = "TwilioFromNumber";
    public const string TwilioBaseUrlName = "TwilioBaseUrl";
    /// <summary>NCRONTAB of the timer that drains the sales-activities subscriptions (read by the Functions host's timer binding and the local host's timers).</summary>
    public const string SalesActivityDrainScheduleName = "SalesActivityDrainSchedule";
    /// <summary>NCRONTAB of the Salesforce inbound poll (opt-outs and reminder tasks; read by the timer bindings of both hosts).</summary>
    public const string SalesforceInboundScheduleName = "SalesforceInboundSchedule";
    public const string PublicBaseUrlName = "PublicBaseUrl";

    /// <summary>Values of <see cref="SyncSource"/>.</summary>
    public const string TableSource = "table";
    public const string MarketoSource = "marketo";

    /// <summary>Values of <c>MarketoInitialSync</c>.</summary>
    public const string ListInitialSync = "list";
    public const string BulkInitialSync = "bulk";

    /// <summary>Values of <see cref="EmailProvider"/>.</summary>
    public const string SmtpProvider = "smtp";
    public const string SendGridProvider = "sendgrid";

    /// <summary>
    /// The names above, for checks that every setting is documented and deployed: tests/Operations.Tests fails until a
    /// name listed here is in local.settings.sample.json and set by infra/ (a "Name__sub" key counts for "Name").
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        StorageConnectionName, TaskHubNameName, JourneyBatchSizeName, SyncPageSizeName, InitialSyncScheduleName,
        ServiceBusName, SalesforceTaskTypesName, CheckMarketingUnsubscribeName, AllowUnknownUnsubscribeName,
        SalesforceLoginUrlName, SalesforceClientIdName, SalesforceClientSecretName, SalesforceApiVersionName,
        SyncSourceName, MarketoChangesScheduleName, SyncMaxPeoplePerMinuteName, MarketoBaseUrlName, MarketoClientIdName, MarketoClientSecretName,
        MarketoStaticListIdName, MarketoCallsPer20SecondsName, MarketoMaxConcurrentCallsName, MarketoDailyQuotaName, MarketoActivityTypeIdsName,
        MarketoConnectionName, MarketoMomentActivityTypeIdName, MarketoInitialSyncName, MarketoBulkSinceName,
        EmailProviderName, EmailFromAddressName, SmtpHostName, SmtpPortName, SmtpSecurityName, SmtpUserNameName, SmtpPasswordName,
        SendGridApiKeyName, SendGridBaseUrlName, TwilioAccountSidName, TwilioAuthTokenName, TwilioFromNumberName, TwilioBaseUrlName,
        SalesActivityDrainScheduleName, SalesforceInboundScheduleName,
        PublicBaseUrlName,
    ];

    /// <summary>The app's storage account: <c>AzureWebJobsStorage</c>, a connection string or identity-based (see <see cref="StorageSetting"/>).</summary>
    public required StorageConnection Storage { get; init; }

    public string TaskHubName { get; init; } = "JourneyFunctions";

    /// <summary>The largest <see cref="JourneyBatchSize"/>: a batch's account ids (up to 128 characters each) stay well inside one 1 MiB table row.</summary>
    public const int MaxJourneyBatchSize = 2_000;

    /// <summary>Accounts per batch orchestration.</summary>
    public int JourneyBatchSize { get; init; } = 500;

    /// <summary>The largest <see cref="SyncPageSize"/>: a step holds its people in memory (about 100 MB at this size).</summary>
    public const int MaxSyncPageSize = 100_000;

    /// <summary>People per initial-sync step: one activity call and one checkpoint.</summary>
    public int SyncPageSize { get; init; } = 10_000;

    /// <summary>NCRONTAB (with seconds) of the initial-sync timer.</summary>
    public string InitialSyncSchedule { get; init; } = "0 */1 * * * *";

    /// <summary>
    /// The Service Bus namespace (<c>name.servicebus.windows.net</c>) reached with the app's managed identity; when
    /// empty, sales activities travel on storage queues instead (the local host, which has no Service Bus).
    /// </summary>
    public string? ServiceBusNamespace { get; init; }

    /// <summary>Who the app signs in to Service Bus as: the managed identity named by <c>ServiceBus__credential</c>/<c>__clientId</c>, else the default chain.</summary>
    public Azure.Core.TokenCredential? ServiceBusCredential { get; init; }

    /// <summary>The sales activity types an admin chose to log to Salesforce as tasks.</summary>
    public IReadOnlySet<SalesActivityType> SalesforceTaskTypes { get; init; } =
        new HashSet<SalesActivityType> { SalesActivityType.SendSalesEmail, SalesActivityType.ReceiveSalesCall, SalesActivityType.ReminderTask };

    /// <summary>The sync settings an admin starts from (<c>GET/PUT /api/sync/settings</c>) until the first change: these app settings.</summary>
    public Domain.Sync.SyncSettings SyncDefaults => new()
    {
        InitialSyncSchedule = InitialSyncSchedule,
        MaxPeoplePerMinute = SyncMaxPeoplePerMinute,
        SalesforceTaskTypes = [.. SalesforceTaskTypes.Order()],
    };

    /// <summary>The settings handlers read, from these.</summary>
    public HandlerSettings Handlers => new()
    {
        PublicBaseUrl = PublicBaseUrl,
        JourneyBatchSize = JourneyBatchSize,
        SyncPageSize = SyncPageSize,
        CheckMarketingUnsubscribe = CheckMarketingUnsubscribe,
        AllowUnknownUnsubscribe = AllowUnknownUnsubscribe,
    };

    /// <summary>Whether a seller may send a sales email only to a person marketing has as subscribed.</summary>
    public bool CheckMarketingUnsubscribe { get; init; }

    /// <summary>With the check on, whether a sales email may go to a person whose marketing status cannot be known (default: refused).</summary>
    public bool AllowUnknownUnsubscribe { get; init; }

    /// <summary>The Salesforce org (login URL and connected app); when the login URL is empty, tasks go to local tables.</summary>
    public Uri? SalesforceLoginUrl { get; init; }

    public string? SalesforceClientId { get; init; }

    public string? SalesforceClientSecret { get; init; }

    public string SalesforceApiVersion { get; init; } = "62.0";

    /// <summary>Where the initial sync reads people: <c>table</c> (the marketing table store) or <c>marketo</c> (the REST API).</summary>
    public string SyncSource { get; init; } = TableSource;

    /// <summary>The initial sync's throttle in people read per minute; 0 = as fast as the source allows.</summary>
    public int SyncMaxPeoplePerMinute { get; init; }

    /// <summary>
    /// The base of the URLs the API hands out (<c>statusUrl</c>, <c>nextUrl</c>), never taken from a request's Host
    /// header: <c>PublicBaseUrl</c>, else <c>https://{WEBSITE_HOSTNAME}</c> (set by Azure; http for localhost), else
    /// <c>http://localhost:7071</c>.
    /// </summary>
    public Uri PublicBaseUrl { get; init; } = new("http://localhost:7071");

    /// <summary>The Marketo instance; set when <see cref="SyncSource"/> is <c>marketo</c> or <see cref="MarketoConnection"/> is set.</summary>
    public MarketoOptions? Marketo { get; init; }

    /// <summary>
    /// The name journeys give the Marketo instance (the <c>connection</c> of Marketo actions): set, journey actions
    /// reach Marketo; empty, they act on the local <c>MarketoEngage</c> table.
    /// </summary>
    public string? MarketoConnection { get; init; }

    /// <summary>The instance's custom activity type id for interesting moments; null: moments stay in the local table only.</summary>
    public int? MarketoMomentActivityTypeId { get; init; }

    /// <summary>How journey emails and sales alerts leave: <c>smtp</c> (any relay; smtp4dev locally) or <c>sendgrid</c>.</summary>
    public string EmailProvider { get; init; } = SmtpProvider;

    /// <summary>The SMTP relay and the sender address (used with <c>EmailProvider=smtp</c>).</summary>
    public SmtpOptions Smtp { get; init; } = new() { Host = "127.0.0.1", Port = 2525, From = "journeys@localhost" };

    /// <summary>The SendGrid account; null without an API key (emails are then recorded as not configured under <c>sendgrid</c>).</summary>
    public SendGridOptions? SendGrid { get; init; }

    /// <summary>The Twilio account; null without a SID, token and sending number (SMS are then recorded as not configured).</summary>
    public TwilioOptions? Twilio { get; init; }

    public static AppSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        StorageConnection storage = StorageSetting.Read(configuration, StorageConnectionName);
        var defaults = new AppSettings { Storage = storage };
        // Empty is unset; only spaces is a value, refused as every other choice setting refuses it.
        string source = NonEmpty(configuration, SyncSourceName)?.Trim().ToLowerInvariant() ?? TableSource;
        if (source is not (TableSource or MarketoSource))
        {
            throw new InvalidOperationException($"Setting '{SyncSourceName}' must be '{TableSource}' or '{MarketoSource}' (got '{source}').");
        }

        // The timer bindings read these: the Functions host would run a five-field one (no seconds) on another cadence.
        foreach (string name in (string[])[InitialSyncScheduleName, MarketoChangesScheduleName, SalesActivityDrainScheduleName, SalesforceInboundScheduleName])
        {
            if (configuration[name] is { } schedule && !Ncrontab.TryParseTimerSchedule(schedule, out _))
            {
                throw new InvalidOperationException($"Setting '{name}' {Ncrontab.TimerRule} (got '{schedule}').");
            }
        }

        // The default of the admin's schedule, which the admin API bounds: a longer one could be kept but not set again.
        if (configuration[InitialSyncScheduleName]?.Trim() is { Length: > SyncSettings.MaxScheduleLength } initial)
        {
            throw new InvalidOperationException($"Setting '{InitialSyncScheduleName}' must be at most {SyncSettings.MaxScheduleLength} characters, as the sync admin's schedule (got {initial.Length}).");
        }

        // Checked whether or not Marketo is in use, so a bad share is named before the day Marketo is switched on.
        (int CallsPerWindow, int MaxConcurrentCalls) shares = MarketoShares(configuration);
        // Before the Marketo settings it calls for, so an over-long name is told first; bounded as the actions' `connection`
        // that must name it.
        string? connection = NonEmpty(configuration, MarketoConnectionName) is { } given
            ? given.Length <= SettingRules.NameLength ? given : throw new InvalidOperationException($"Setting '{MarketoConnectionName}' must be at most {SettingRules.NameLength} characters.")
            : null;
        return new AppSettings
        {
            Storage = storage,
            TaskHubName = TaskHub(configuration) ?? defaults.TaskHubName,
            JourneyBatchSize = (int)Whole(configuration, JourneyBatchSizeName, defaults.JourneyBatchSize, min: 1, max: MaxJourneyBatchSize),
            SyncPageSize = (int)Whole(configuration, SyncPageSizeName, defaults.SyncPageSize, min: 1, max: MaxSyncPageSize),
            InitialSyncSchedule = configuration[InitialSyncScheduleName]?.Trim() ?? defaults.InitialSyncSchedule,
            ServiceBusNamespace = Sub(configuration, ServiceBusName, "fullyQualifiedNamespace"),
            ServiceBusCredential = Sub(configuration, ServiceBusName, "fullyQualifiedNamespace") is null
                ? null
                : EntraCredential.For(Sub(configuration, ServiceBusName, "credential"), Sub(configuration, ServiceBusName, "clientId")),
            SalesforceTaskTypes = configuration[SalesforceTaskTypesName] is { } types ? ActivityTypes(types) : defaults.SalesforceTaskTypes,
            CheckMarketingUnsubscribe = Flag(configuration, CheckMarketingUnsubscribeName),
            AllowUnknownUnsubscribe = Flag(configuration, AllowUnknownUnsubscribeName),
            SalesforceLoginUrl = Url(configuration, SalesforceLoginUrlName),
            SalesforceClientId = NonEmpty(configuration, SalesforceClientIdName),
            SalesforceClientSecret = NonEmpty(configuration, SalesforceClientSecretName),
            SalesforceApiVersion = NonEmpty(configuration, SalesforceApiVersionName) is { } version ? ApiVersion(version.Trim()) : defaults.SalesforceApiVersion,
            SyncSource = source,
            SyncMaxPeoplePerMinute = (int)Whole(configuration, SyncMaxPeoplePerMinuteName, 0, min: 0, max: SyncSettingsHandler.MaxPeoplePerMinuteLimit),
            Marketo = source == MarketoSource || connection is not null ? MarketoFrom(configuration, source == MarketoSource, shares) : null,
            MarketoConnection = connection,
            MarketoMomentActivityTypeId = NonEmpty(configuration, MarketoMomentActivityTypeIdName) is null ? null : (int)Whole(configuration, MarketoMomentActivityTypeIdName, 0, min: 1, max: int.MaxValue),
            EmailProvider = OneOf(configuration, EmailProviderName, SmtpProvider, SmtpProvider, SendGridProvider),
            Smtp = new SmtpOptions
            {
                Host = NonEmpty(configuration, SmtpHostName) ?? defaults.Smtp.Host,
                Port = (int)Whole(configuration, SmtpPortName, defaults.Smtp.Port, min: 1, max: 65_535),
                Security = OneOf(configuration, SmtpSecurityName, "none", "none", "starttls", "ssl"),
                UserName = NonEmpty(configuration, SmtpUserNameName),
                Password = NonEmpty(configuration, SmtpPasswordName),
                From = FromAddress(configuration) ?? defaults.Smtp.From,
            },
            SendGrid = NonEmpty(configuration, SendGridApiKeyName) is { } apiKey
                ? new SendGridOptions { ApiKey = apiKey, BaseUrl = Url(configuration, SendGridBaseUrlName) ?? new SendGridOptions { ApiKey = "", From = "" }.BaseUrl, From = FromAddress(configuration) ?? defaults.Smtp.From }
                : null,
            Twilio = TwilioFrom(configuration),
            PublicBaseUrl = BaseUrl(configuration) ?? defaults.PublicBaseUrl,
        };
    }

    /// <summary>The Twilio account when its SID, token and sending number are all set; null when none is; an error when only some are.</summary>
    private static TwilioOptions? TwilioFrom(IConfiguration configuration)
    {
        string?[] parts = [NonEmpty(configuration, TwilioAccountSidName), NonEmpty(configuration, TwilioAuthTokenName), NonEmpty(configuration, TwilioFromNumberName)];
        if (parts.All(p => p is null))
        {
            return null;
        }

        if (parts.Any(p => p is null))
        {
            throw new InvalidOperationException($"Settings '{TwilioAccountSidName}', '{TwilioAuthTokenName}' and '{TwilioFromNumberName}' go together: set all three or none.");
        }

        string from = PhoneNumber.Normalize(parts[2]) is { } number && number.StartsWith('+')
            ? number
            : throw new InvalidOperationException($"Setting '{TwilioFromNumberName}' must be an E.164 number such as +14155550100 (got '{parts[2]}').");
        return new TwilioOptions
        {
            AccountSid = parts[0]!,
            AuthToken = parts[1]!,
            From = from,
            BaseUrl = Url(configuration, TwilioBaseUrlName) is { } twilio ? WithoutTail(twilio, "/2010-04-01") : new TwilioOptions { AccountSid = "", AuthToken = "", From = "" }.BaseUrl,
        };
    }

    /// <summary><c>EmailFromAddress</c>, checked to be one plain address, as both email clients read it.</summary>
    private static string? FromAddress(IConfiguration configuration) =>
        NonEmpty(configuration, EmailFromAddressName) switch
        {
            null => null,
            string address when SenderAddress.IsPlain(address) => address,
            string address => throw new InvalidOperationException($"Setting '{EmailFromAddressName}' must be one email address, name@domain, without a display name, brackets or spaces (got '{address}')."),
        };

    /// <summary>A setting whose value is one of <paramref name="allowed"/> (any case); <paramref name="fallback"/> when unset.</summary>
    private static string OneOf(IConfiguration configuration, string name, string fallback, params string[] allowed)
    {
        string value = (NonEmpty(configuration, name) ?? fallback).Trim().ToLowerInvariant();
        return allowed.Contains(value)
            ? value
            : throw new InvalidOperationException($"Setting '{name}' must be one of {string.Join(", ", allowed)} (got '{value}').");
    }

    /// <summary>An absolute URL setting, or null when unset.</summary>
    private static Uri? Url(IConfiguration configuration, string name) =>
        NonEmpty(configuration, name) is { } text ? HttpUrl(name, text) : null;

    /// <summary>
    /// <paramref name="url"/> without a last path segment of <paramref name="tails"/> (any case) that the client adds itself:
    /// the endpoints the providers show (Marketo's admin "REST API Endpoint" <c>https://…mktorest.com/rest</c>, Twilio's
    /// <c>https://api.twilio.com/2010-04-01</c>) work as given, while a gateway's own prefix before them is kept.
    /// </summary>
    private static Uri WithoutTail(Uri url, params string[] tails)
    {
        string path = url.AbsolutePath.TrimEnd('/');
        return tails.FirstOrDefault(t => path.EndsWith(t, StringComparison.OrdinalIgnoreCase)) is { } tail
            ? new UriBuilder(url) { Path = path[..^tail.Length] + "/" }.Uri
            : url;
    }

    /// <summary><paramref name="text"/> as the URL setting <paramref name="name"/>: absolute http(s), as every URL setting names a web API.</summary>
    private static Uri HttpUrl(string name, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : throw new InvalidOperationException($"Setting '{name}' must be an absolute http or https URL (got '{text}').");

    /// <summary>The task hub's name, null when unset or empty; the Azure Storage provider's rule, checked here so a bad one is named at start.</summary>
    private static string? TaskHub(IConfiguration configuration) =>
        NonEmpty(configuration, TaskHubNameName) is not { } name ? null
        : TaskHubPattern().IsMatch(name) ? name
        : throw new InvalidOperationException($"Setting '{TaskHubNameName}' must be 3 to 45 letters and digits, starting with a letter (the Azure Storage task hub rule; got '{name}').");

    private static Uri? BaseUrl(IConfiguration configuration)
    {
        if (NonEmpty(configuration, PublicBaseUrlName) is { } configured)
        {
            Uri url = HttpUrl(PublicBaseUrlName, configured.TrimEnd('/'));
            // The API's URLs are this plus a path and their own query: a query or fragment here would be dropped.
            return url.Query.Length == 0 && url.Fragment.Length == 0 ? url
                : throw new InvalidOperationException($"Setting '{PublicBaseUrlName}' must have no query or fragment (got '{configured}').");
        }

        string? host = NonEmpty(configuration, "WEBSITE_HOSTNAME");
        if (host is null)
        {
            return null;
        }

        // A loopback name is a local host serving plain http (Core Tools sets localhost:7071); any other is Azure's https.
        bool loopback = Uri.TryCreate("http://" + host, UriKind.Absolute, out Uri? local) && local.IsLoopback;
        return new Uri((loopback ? "http://" : "https://") + host);
    }

    /// <summary>What a Marketo setting left unset falls back to.</summary>
    private static readonly MarketoOptions MarketoDefaults = new() { BaseUrl = new Uri("http://localhost"), ClientId = "", ClientSecret = "" };

    /// <summary>The Marketo instance's settings, with the call shares already checked; its static list only for the sync (<paramref name="forSync"/>).</summary>
    private static MarketoOptions MarketoFrom(IConfiguration configuration, bool forSync, (int CallsPerWindow, int MaxConcurrentCalls) shares)
    {
        string Required(string name, string? when = null) => NonEmpty(configuration, name)
            ?? throw new InvalidOperationException($"Setting '{name}' is required when {when ?? $"'{SyncSourceName}' is '{MarketoSource}' or '{MarketoConnectionName}' is set"}.");
        string method = (NonEmpty(configuration, MarketoInitialSyncName) ?? ListInitialSync).Trim().ToLowerInvariant();
        if (method is not (ListInitialSync or BulkInitialSync))
        {
            throw new InvalidOperationException($"Setting '{MarketoInitialSyncName}' must be '{ListInitialSync}' or '{BulkInitialSync}' (got '{method}').");
        }

        bool bulk = method == BulkInitialSync;
        if (forSync && !bulk)
        {
            _ = Required(MarketoStaticListIdName, $"'{SyncSourceName}' is '{MarketoSource}' and '{MarketoInitialSyncName}' is '{ListInitialSync}'");
        }

        return new MarketoOptions
        {
            BaseUrl = WithoutTail(HttpUrl(MarketoBaseUrlName, Required(MarketoBaseUrlName)), "/rest", "/identity"),
            ClientId = Required(MarketoClientIdName),
            ClientSecret = Required(MarketoClientSecretName),
            StaticListId = forSync && !bulk ? Whole(configuration, MarketoStaticListIdName, 0, min: 1) : 0,
            BulkExtractSince = forSync && bulk ? BulkSince(Required(MarketoBulkSinceName, $"'{MarketoInitialSyncName}' is '{BulkInitialSync}'")) : null,
            CallsPerWindow = shares.CallsPerWindow,
            MaxConcurrentCalls = shares.MaxConcurrentCalls,
            DailyQuota = Whole(configuration, MarketoDailyQuotaName, MarketoDefaults.DailyQuota, min: 1),
            ActivityTypeIds = NonEmpty(configuration, MarketoActivityTypeIdsName) is { } ids ? ActivityTypeIds(ids) : MarketoDefaults.ActivityTypeIds,
        };
    }

    /// <summary>This integration's shares of the Marketo instance's 100 calls per 20 s and 10 calls in flight.</summary>
    private static (int CallsPerWindow, int MaxConcurrentCalls) MarketoShares(IConfiguration configuration) =>
        ((int)Whole(configuration, MarketoCallsPer20SecondsName, MarketoDefaults.CallsPerWindow, min: 1, max: 100),
            (int)Whole(configuration, MarketoMaxConcurrentCallsName, MarketoDefaults.MaxConcurrentCalls, min: 1, max: 10));

    /// <summary>The start of the bulk export's <c>updatedAt</c> range: an ISO 8601 date or date-time, UTC unless it says otherwise, in the past.</summary>
    private static DateTimeOffset BulkSince(string text) =>
        IsoDate().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset since) && since < DateTimeOffset.UtcNow
            ? since
            : throw new InvalidOperationException($"Setting '{MarketoBulkSinceName}' must be an ISO 8601 date in the past, e.g. 2015-01-01 (got '{text}').");

    /// <summary>
    /// Marketo custom activity type ids by native type (<c>sendSalesEmail=100001,openSalesEmail=100002,...</c>): one
    /// for each of the eight types the marketing logger writes, since an activity of a type without one could not be logged and
    /// would end in the poison queue.
    /// </summary>
    private static Dictionary<string, int> ActivityTypeIds(string text)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = pair.Split('=', StringSplitOptions.TrimEntries);
            // Read as every whole-number setting is (a sign and white space taken), up to int.MaxValue.
            if (parts.Length != 2 || !MarketingActivityTypes.All.Any(t => t.ApiName == parts[0])
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int id) || id < 1)
            {
                throw new InvalidOperationException(
                    $"Setting '{MarketoActivityTypeIdsName}' needs apiName=typeId pairs (a type id 1 to {int.MaxValue}) for {string.Join(", ", MarketingActivityTypes.All.Select(t => t.ApiName))} (got '{pair}').");
            }

            if (!ids.TryAdd(parts[0], id))
            {
                throw new InvalidOperationException($"Setting '{MarketoActivityTypeIdsName}' gives {parts[0]} a type id twice; give each type one.");
            }
        }

        string[] missing = [.. MarketingActivityTypes.All.Select(t => t.ApiName).Where(type => !ids.ContainsKey(type))];
        return missing.Length == 0 ? ids : throw new InvalidOperationException(
            $"Setting '{MarketoActivityTypeIdsName}' needs a type id for each of {string.Join(", ", MarketingActivityTypes.All.Select(t => t.ApiName))}; it has none for {string.Join(", ", missing)}.");
    }

    /// <summary>A setting's value, or null when unset or empty.</summary>
    private static string? NonEmpty(IConfiguration configuration, string name) =>
        configuration[name] is { Length: > 0 } value ? value : null;

    /// <summary>
    /// A <c>Name__sub</c> setting, in both spellings: environment variables arrive as the section <c>Name:sub</c>,
    /// local.settings Values loaded by the local host as written.
    /// </summary>
    private static string? Sub(IConfiguration configuration, string name, string sub) =>
        NonEmpty(configuration, $"{name}:{sub}") ?? NonEmpty(configuration, $"{name}__{sub}");

    private static bool Flag(IConfiguration configuration, string name) =>
        configuration[name] switch
        {
            null or "" => false,
            string text when bool.TryParse(text, out bool value) => value,
            string text => throw new InvalidOperationException($"Setting '{name}' must be true or false (got '{text}')."),
        };

    /// <summary>
    /// A comma-separated list of sales activity type names, e.g. <c>sendSalesEmail,receiveSalesCall</c> (any case; not
    /// a number, and not <c>unsubscribe</c>, which always sets the opt-out and is never a task).
    /// </summary>
    private static HashSet<SalesActivityType> ActivityTypes(string text)
    {
        string[] known = [.. Enum.GetNames<SalesActivityType>().Where(n => n != nameof(SalesActivityType.Unsubscribe))];
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => known.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } match
                ? Enum.Parse<SalesActivityType>(match)
                : throw new InvalidOperationException($"Setting '{SalesforceTaskTypesName}' names an unknown sales activity type '{name}' (known: {string.Join(", ", known.Select(JsonNamingPolicy.CamelCase.ConvertName))})."))
            .ToHashSet();
    }

    /// <summary>An ISO 8601 date, alone or with a time (the form <see cref="BulkSince"/> takes).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?\z")]
    private static partial System.Text.RegularExpressions.Regex IsoDate();

    /// <summary>A whole-number setting of at least <paramref name="min"/>; <paramref name="fallback"/> when unset (or empty, unless the fallback is below the minimum).</summary>
    private static long Whole(IConfiguration configuration, string name, long fallback, long min, long max = long.MaxValue)
    {
        string? text = NonEmpty(configuration, name);
        if (text is null && fallback >= min)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"Setting '{name}' must be a whole number from {min} to {max} (got '{text}').");
    }

    /// <summary>A Salesforce REST API version as its URLs take it after the <c>v</c> (<c>62.0</c>): anything else would fail every call.</summary>
    private static string ApiVersion(string text) => SalesforceVersionPattern().IsMatch(text)
        ? text
        : throw new InvalidOperationException($"Setting '{SalesforceApiVersionName}' must be a Salesforce REST API version such as 62.0 (got '{text}').");

    [System.Text.RegularExpressions.GeneratedRegex(@"^[1-9][0-9]{0,2}\.[0-9]\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SalesforceVersionPattern();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}\\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TaskHubPattern();
}

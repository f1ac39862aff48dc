using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Storage.SalesActivities;
using Microsoft.Extensions.Configuration;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>Reading the sales activity settings.</summary>
public sealed class AppSettingsTests
{
    private static AppSettings From(params (string Key, string Value)[] values) =>
        AppSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)).Append(KeyValuePair.Create("AzureWebJobsStorage", (string?)"UseDevelopmentStorage=true")))
            .Build());

    [Theory]
    [InlineData("ServiceBus__fullyQualifiedNamespace")]
    [InlineData("ServiceBus:fullyQualifiedNamespace")]
    public void The_Service_Bus_namespace_is_read_as_written_and_as_an_environment_section(string key)
    {
        AppSettings settings = From((key, "jf.servicebus.windows.net"), (key.Replace("fullyQualifiedNamespace", "credential", StringComparison.Ordinal), "managedidentity"));

        Assert.Equal("jf.servicebus.windows.net", settings.ServiceBusNamespace);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(settings.ServiceBusCredential);
    }

    [Fact]
    public void Defaults_use_storage_queues_local_tables_and_no_unsubscribe_check()
    {
        AppSettings settings = From();

        Assert.Null(settings.ServiceBusNamespace);
        Assert.Null(settings.ServiceBusCredential);
        Assert.Null(settings.SalesforceLoginUrl);
        Assert.False(settings.CheckMarketingUnsubscribe);
        Assert.Equal([SalesActivityType.SendSalesEmail, SalesActivityType.ReceiveSalesCall, SalesActivityType.ReminderTask], settings.SalesforceTaskTypes.Order());
    }

    [Fact]
    public void Salesforce_task_types_are_a_comma_list_of_activity_types() =>
        Assert.Equal([SalesActivityType.ReplySalesEmail, SalesActivityType.AddToSalesCampaign],
            From(("SalesforceTaskTypes", " replySalesEmail, addToSalesCampaign ")).SalesforceTaskTypes.Order());

    [Theory]
    [InlineData("SalesforceTaskTypes", "sendSalesFax")]
    [InlineData("SalesforceTaskTypes", "1")]
    [InlineData("SyncMaxPeoplePerMinute", "10000001")]
    [InlineData("SyncPageSize", "100001")]
    [InlineData("SyncPageSize", "4294967296")] // read as a 64-bit number, it once wrapped to a page of 0
    [InlineData("SyncPageSize", "0")]
    [InlineData("SyncMaxPeoplePerMinute", "-1")]
    [InlineData("CheckMarketingUnsubscribe", "sometimes")]
    [InlineData("EmailProvider", "pigeon")]
    [InlineData("SmtpSecurity", "maybe")]
    [InlineData("SmtpPort", "0")]
    [InlineData("SmtpPort", "65536")]
    [InlineData("SmtpPort", "4294985721")]
    [InlineData("EmailFromAddress", "not an address")]
    [InlineData("EmailFromAddress", "a b@x.com")] // System.Net.Mail takes these; MimeKit, which sends, does not or reads a name
    [InlineData("EmailFromAddress", "Journeys <j@x.com>")]
    [InlineData("EmailFromAddress", "<j@x.com>")]
    [InlineData("SyncSource", "  ")] // only spaces is a value, not an unset setting
    [InlineData("TwilioAccountSid", "AC1")]
    [InlineData("TaskHubName", "my-hub")]
    [InlineData("TaskHubName", "1hub")]
    [InlineData("TaskHubName", "ab")]
    [InlineData("TaskHubName", " ")]
    [InlineData("InitialSyncSchedule", "0 * * * *")]
    [InlineData("MarketoChangesSchedule", "@hourly")]
    [InlineData("SalesActivityDrainSchedule", "")]
    [InlineData("SalesforceInboundSchedule", "0 0 * * * * *")]
    [InlineData("MarketoChangesSchedule", "0 0 0 31 4 *")]
    [InlineData("InitialSyncSchedule", "0 0 2 ? * *")] // Cronos reads it; the Functions host would leave the timer unloaded
    [InlineData("MarketoChangesSchedule", "0 0 0 * * 7")]
    [InlineData("InitialSyncSchedule", "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40 * * * * *")]
    [InlineData("SalesforceLoginUrl", "notaurl")]
    [InlineData("SalesforceLoginUrl", "ftp://login.salesforce.com")]
    [InlineData("SalesforceApiVersion", "abc def")]
    [InlineData("SalesforceApiVersion", "v62.0")]
    [InlineData("PublicBaseUrl", "https://journeys.example.com/b?x=1")]
    [InlineData("PublicBaseUrl", "https://journeys.example.com/#top")]
    public void A_bad_value_names_the_setting(string key, string value) =>
        Assert.Contains(key, Assert.Throws<InvalidOperationException>(() => From((key, value))).Message, StringComparison.Ordinal);

    [Fact]
    public void The_initial_sync_schedule_is_kept_trimmed_as_the_sync_admin_stores_one() =>
        Assert.Equal("0 */5 * * * *", From(("InitialSyncSchedule", " 0 */5 * * * *\t")).InitialSyncSchedule);

    [Theory]
    [InlineData("localhost:7071", "http://localhost:7071/")]
    [InlineData("127.0.0.1:7071", "http://127.0.0.1:7071/")]
    [InlineData("[::1]:7071", "http://[::1]:7071/")]
    [InlineData("localhost.example.com", "https://localhost.example.com/")]
    [InlineData("journeys.azurewebsites.net", "https://journeys.azurewebsites.net/")]
    public void The_base_url_from_the_host_name_is_http_only_on_loopback(string hostName, string expected) =>
        Assert.Equal(expected, From(("WEBSITE_HOSTNAME", hostName)).PublicBaseUrl.ToString());

    [Theory]
    [InlineData("MarketoCallsPer20Seconds", "101")]
    [InlineData("MarketoCallsPer20Seconds", "0")]
    [InlineData("MarketoMaxConcurrentCalls", "11")]
    public void A_Marketo_share_past_the_instance_limit_names_the_setting(string key, string value) =>
        Assert.Contains(key, Assert.Throws<InvalidOperationException>(() => From(
            ("MarketoConnection", "Marketo Production"), ("MarketoBaseUrl", "https://123-abc-456.mktorest.com"), ("MarketoClientId", "id"), ("MarketoClientSecret", "secret"), (key, value))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("MarketoCallsPer20Seconds", "101")]
    [InlineData("MarketoCallsPer20Seconds", "abc")]
    [InlineData("MarketoMaxConcurrentCalls", "0")]
    public void A_bad_Marketo_share_stops_the_start_while_Marketo_is_not_in_use_too(string key, string value) =>
        Assert.Contains(key, Assert.Throws<InvalidOperationException>(() => From((key, value))).Message, StringComparison.Ordinal);

    [Fact]
    public void An_over_long_Marketo_connection_is_named_before_the_settings_it_calls_for() =>
        Assert.Contains("'MarketoConnection' must be at most 100 characters", Assert.Throws<InvalidOperationException>(() => From(
            ("MarketoConnection", new string('c', 101)))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("news@acme.example")]
    [InlineData("journeys@localhost")]
    [InlineData("first.last+tag@sub.example.co.kr")]
    public void A_plain_sender_address_is_taken_as_written(string address) =>
        Assert.Equal(address, From(("EmailFromAddress", address)).Smtp.From);

    [Theory]
    [InlineData("")]
    [InlineData(" Table ")]
    public void An_empty_sync_source_is_the_default_table(string value) =>
        Assert.Equal("table", From(("SyncSource", value)).SyncSource);

    [Fact]
    public void A_bulk_initial_sync_without_its_start_says_why_it_is_needed() =>
        Assert.Contains("'MarketoBulkSince' is required when 'MarketoInitialSync' is 'bulk'", Assert.Throws<InvalidOperationException>(() => From(
            ("SyncSource", "marketo"), ("MarketoInitialSync", "bulk"), ("MarketoBaseUrl", "https://123-abc-456.mktorest.com"), ("MarketoClientId", "id"), ("MarketoClientSecret", "secret"))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_list_initial_sync_without_its_list_says_why_it_is_needed() =>
        Assert.Contains("'MarketoStaticListId' is required when 'SyncSource' is 'marketo' and 'MarketoInitialSync' is 'list'", Assert.Throws<InvalidOperationException>(() => From(
            ("SyncSource", "marketo"), ("MarketoBaseUrl", "https://123-abc-456.mktorest.com"), ("MarketoClientId", "id"), ("MarketoClientSecret", "secret"))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_Salesforce_API_version_with_white_space_around_it_is_taken() =>
        Assert.Equal("61.0", From(("SalesforceApiVersion", " 61.0 ")).SalesforceApiVersion);

    [Fact]
    public void A_provider_URL_that_is_no_web_address_names_the_setting() =>
        Assert.Contains("'SendGridBaseUrl'", Assert.Throws<InvalidOperationException>(() => From(
            ("EmailProvider", "sendgrid"), ("SendGridApiKey", "SG.key"), ("SendGridBaseUrl", "ftp://127.0.0.1/"))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("ftp://127.0.0.1:16190")]
    [InlineData("file:///etc/hosts")]
    public void A_Marketo_base_URL_that_is_no_web_address_names_the_setting(string url) =>
        Assert.Contains("'MarketoBaseUrl'", Assert.Throws<InvalidOperationException>(() => From(
            ("MarketoConnection", "Marketo Production"), ("MarketoBaseUrl", url), ("MarketoClientId", "id"), ("MarketoClientSecret", "secret"))).Message, StringComparison.Ordinal);

    [Fact]
    public void The_Marketo_shares_may_be_the_whole_instance_limit() =>
        Assert.NotNull(From(("MarketoConnection", "Marketo Production"), ("MarketoBaseUrl", "https://123-abc-456.mktorest.com"), ("MarketoClientId", "id"), ("MarketoClientSecret", "secret"),
            ("MarketoCallsPer20Seconds", "100"), ("MarketoMaxConcurrentCalls", "10")));

    [Theory]
    [InlineData("sendSalesEmail=100001,openSalesEmail=100002", "it has none for clickSalesEmail, replySalesEmail, bounceSalesEmail, receiveSalesCall, addToSalesCampaign, removeFromSalesCampaign")]
    [InlineData(EveryActivityTypeId + ",sendSalesEmail=0", "(got 'sendSalesEmail=0')")]
    [InlineData(EveryActivityTypeId + ",reminderTask=100009", "(got 'reminderTask=100009')")]
    [InlineData(EveryActivityTypeId + ",sendSalesEmail=2147483648", "(got 'sendSalesEmail=2147483648')")]
    [InlineData(EveryActivityTypeId + ",sendSalesEmail=100009", "gives sendSalesEmail a type id twice")]
    public void Marketo_activity_type_ids_must_name_every_type_the_marketing_logger_writes(string ids, string named) =>
        Assert.Contains(named, Assert.Throws<InvalidOperationException>(() => From(
            ("MarketoConnection", "Marketo Production"), ("MarketoBaseUrl", "https://123-abc-456.mktorest.com"), ("MarketoClientId", "id"), ("MarketoClientSecret", "secret"),
            ("MarketoActivityTypeIds", ids))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(EveryActivityTypeId, 100008)]
    [InlineData("sendSalesEmail=100001,openSalesEmail=100002,clickSalesEmail=100003,replySalesEmail=100004,bounceSalesEmail=100005,receiveSalesCall=100006,addToSalesCampaign=100007,removeFromSalesCampaign= +42 ", 42)]
    public void Marketo_activity_type_ids_for_every_type_are_taken(string ids, int removeFromSalesCampaign) =>
        Assert.Equal(removeFromSalesCampaign, From(
            ("MarketoConnection", "Marketo Production"), ("MarketoBaseUrl", "https://123-abc-456.mktorest.com"), ("MarketoClientId", "id"), ("MarketoClientSecret", "secret"),
            ("MarketoActivityTypeIds", ids)).Marketo!.ActivityTypeIds["removeFromSalesCampaign"]);

    private const string EveryActivityTypeId =
        "sendSalesEmail=100001,openSalesEmail=100002,clickSalesEmail=100003,replySalesEmail=100004,bounceSalesEmail=100005,receiveSalesCall=100006,addToSalesCampaign=100007,removeFromSalesCampaign=100008";

    [Theory]
    [InlineData(null, "JourneyFunctions")]
    [InlineData("", "JourneyFunctions")]
    [InlineData("Hub2", "Hub2")]
    public void An_unset_or_empty_task_hub_name_falls_back_to_JourneyFunctions(string? given, string expected) =>
        Assert.Equal(expected, (given is null ? From() : From(("TaskHubName", given))).TaskHubName);

    [Fact]
    public void Email_goes_to_smtp4dev_by_default_and_providers_without_credentials_are_left_out()
    {
        AppSettings settings = From();

        Assert.Equal("smtp", settings.EmailProvider);
        Assert.Equal(("127.0.0.1", 2525, "none"), (settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.Security));
        Assert.Null(settings.SendGrid);
        Assert.Null(settings.Twilio);
    }

    [Fact]
    public void Twilio_needs_an_E164_sending_number() =>
        Assert.Contains("TwilioFromNumber", Assert.Throws<InvalidOperationException>(() =>
            From(("TwilioAccountSid", "AC1"), ("TwilioAuthToken", "t"), ("TwilioFromNumber", "4155550100"))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("https://123-abc-456.mktorest.com/rest", "https://123-abc-456.mktorest.com/")]
    [InlineData("https://123-abc-456.mktorest.com/identity/", "https://123-abc-456.mktorest.com/")]
    [InlineData("https://gateway.example.com/marketo", "https://gateway.example.com/marketo")]
    public void A_Marketo_endpoint_as_the_admin_shows_it_is_the_instance_base(string given, string used) =>
        Assert.Equal(new Uri(used), From(
            ("MarketoConnection", "Marketo Production"), ("MarketoBaseUrl", given), ("MarketoClientId", "id"), ("MarketoClientSecret", "secret")).Marketo!.BaseUrl);

    [Theory]
    [InlineData("https://api.twilio.com/2010-04-01", "https://api.twilio.com/")]
    [InlineData("https://gateway.example.com/twilio", "https://gateway.example.com/twilio")]
    public void A_Twilio_base_with_its_API_version_is_the_API_base(string given, string used) =>
        Assert.Equal(new Uri(used), From(
            ("TwilioAccountSid", "AC0123456789abcdef0123456789abcdef"), ("TwilioAuthToken", "token"), ("TwilioFromNumber", "+15550100"), ("TwilioBaseUrl", given)).Twilio!.BaseUrl);
}

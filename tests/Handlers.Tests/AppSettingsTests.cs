using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Handlers.Settings;
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
    [InlineData("CheckMarketingUnsubscribe", "sometimes")]
    public void A_bad_value_names_the_setting(string key, string value) =>
        Assert.Contains(key, Assert.Throws<InvalidOperationException>(() => From((key, value))).Message, StringComparison.Ordinal);
}

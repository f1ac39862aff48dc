using System.Diagnostics;
using System.Text.Json;
using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.AccountLists;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.Audiences;
using JourneyFunctions.Storage.Destinations;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.Marketo;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Samples;
using JourneyFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Functions.Tests;

/// <summary>
/// scripts/seed.sh's command on an empty storage account: afterwards the sample journey's account list, workspace
/// and emails exist, so it can be saved under the Functions host as under the local host; running it again is harmless.
/// </summary>
public sealed class SeedCommandTests
{
    [Fact]
    public async Task Seeding_an_empty_storage_account_makes_the_sample_journey_valid()
    {
        await using FreshAzurite azurite = await FreshAzurite.StartAsync();
        var storage = new StorageAccount(azurite.ConnectionString);
        JourneyDefinition sample = JsonSerializer.Deserialize<JourneyDefinition>(File.ReadAllText(Repository.File("samples/welcome-journey.json")), JsonDefaults.Options)!;

        string first = await SeedAsync(azurite.ConnectionString, "20");
        // What a journey writes to sample data, which seeding again leaves (it writes the sample's own fields again).
        var people = new PeopleStore(storage);
        string person = (await people.GetAccountPeopleAsync(SampleData.AccountId(1)))[0].RowKey;
        await people.SetFieldsAsync(SampleData.AccountId(1), [person], new Dictionary<string, string?> { ["Score_engagement"] = "10", [PersonFields.Title] = "Journey Champion" });
        await new AccountStore(storage).UpsertAsync([(SampleData.AccountId(1), new Dictionary<string, object?> { ["Tier"] = "nurture" })]);
        string again = await SeedAsync(azurite.ConnectionString, "20");

        Assert.Contains("Seeded 2 accounts", first, StringComparison.Ordinal);
        Assert.Contains("Seeded 2 accounts", again, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", first, StringComparison.OrdinalIgnoreCase); // the output may end up in logs
        using ServiceProvider stores = new ServiceCollection()
            .AddSingleton<IJourneyStore>(new JourneyStore(storage)).AddSingleton<IAccountListStore>(new AccountListStore(storage))
            .AddSingleton<IMarketoEngageStore>(new MarketoEngageStore(storage)).AddSingleton<IDestinationStore>(new DestinationStore(storage))
            .AddSingleton<IExternalAudienceStore>(new ExternalAudienceStore(storage))
            .BuildServiceProvider();
        var checker = new JourneyReferenceChecker(stores);
        Assert.Empty(await checker.CheckAsync(sample));
        Azure.Data.Tables.TableEntity account = (await new AccountStore(storage).GetAsync(SampleData.AccountId(1)))!;
        Assert.Equal(("nurture", "Company 1"), (account.GetString("Tier"), account.GetString("Name")));
        Azure.Data.Tables.TableEntity reseeded = (await people.GetAsync(SampleData.AccountId(1), person))!;
        Assert.Equal("10", reseeded.GetString("Score_engagement"));
        Assert.NotEqual("Journey Champion", reseeded.GetString(PersonFields.Title));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")] // set but empty in the shell: no value, so the file's counts
    public async Task Without_AzureWebJobsStorage_in_the_environment_the_local_settings_file_names_the_storage_account(string? environment)
    {
        await using FreshAzurite azurite = await FreshAzurite.StartAsync();
        string settings = Path.Combine(Path.GetTempPath(), $"seed-local-settings-{Guid.NewGuid():N}.json");
        // Comments and a trailing comma, as Core Tools reads the file.
        await File.WriteAllTextAsync(settings, $$"""
            { // the developer's own settings
              "IsEncrypted": false,
              "Values": { "AzureWebJobsStorage": {{JsonSerializer.Serialize(azurite.ConnectionString)}}, },
            }
            """);
        try
        {
            string output = await SeedAsync(connection: environment, "20", localSettings: settings);

            Assert.Contains("Seeded 2 accounts", output, StringComparison.Ordinal);
            Assert.NotNull(await new AccountStore(new StorageAccount(azurite.ConnectionString)).GetAsync(SampleData.AccountId(0)));
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("1000001")]
    public async Task A_bad_argument_is_refused_with_the_usage_and_exit_code_2(string people)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SeedAsync(TestStorage.ConnectionString, people));

        Assert.StartsWith("seed exited with 2: usage: scripts/seed.sh [people]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_storage_setting_is_one_line_naming_the_cause_and_exit_code_1_with_no_key_echoed()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SeedAsync("AccountKey=secret-value;garbage", "20"));

        Assert.StartsWith("seed exited with 1: seed: failed: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.Message, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Values": { "AzureWebJobsStorage": """, "is not JSON (line 1, position 38)")]
    [InlineData("""{ "Values": { "AzureWebJobsStorage": ["x"] } }""", "Setting 'AzureWebJobsStorage' in")]
    [InlineData("""{ "Values": { "TaskHubName": "a", "taskhubname": "b" } }""", "Setting 'TaskHubName' is given more than once in")]
    [InlineData("""{ "IsEncrypted": true, "Values": { "TaskHubName": "AbC123==" } }""", "has \"IsEncrypted\": true")]
    [InlineData("""{ "isEncrypted": "true", "Values": { "TaskHubName": "AbC123==" } }""", "has \"IsEncrypted\": true")]
    public async Task A_local_settings_file_the_local_host_would_refuse_is_one_line_naming_it_and_exit_code_1(string text, string said)
    {
        // The same reader as the local host's: one file is not read two ways.
        string settings = Path.Combine(Path.GetTempPath(), $"seed-local-settings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, text);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SeedAsync(connection: null, "20", localSettings: settings));

            Assert.StartsWith("seed exited with 1: seed: failed: ", error.Message, StringComparison.Ordinal);
            Assert.Contains(said, error.Message, StringComparison.Ordinal);
            Assert.Contains(Path.GetFileName(settings), error.Message, StringComparison.Ordinal);
            Assert.DoesNotMatch(@" at [\w.]+\(", error.Message); // no stack frame (the parser's own reason may say "at the end")
        }
        finally
        {
            File.Delete(settings);
        }
    }

    /// <summary>
    /// Runs the built seed command (what scripts/seed.sh runs) with AzureWebJobsStorage set to <paramref name="connection"/>
    /// (left out of the environment when null) and the local settings file scripts/seed.sh would name; its output, or an
    /// exception when it fails.
    /// </summary>
    private static async Task<string> SeedAsync(string? connection, string people, string? localSettings = null)
    {
        var start = new ProcessStartInfo("dotnet", [Repository.BuildOutput("tools/seed", "JourneyFunctions.Seed.dll"), people])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach ((string name, string? value) in new[] { ("AzureWebJobsStorage", connection), ("JOURNEYFUNCTIONS_LOCAL_SETTINGS", localSettings) })
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        string output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"seed exited with {process.ExitCode}: {output}");
    }
}

using System.Globalization;
using JourneyFunctions.Hosting;
using JourneyFunctions.Hosting.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// scripts/seed.sh [people]: the sample accounts and people, and the account list, destination, audience and Marketo
// connection, workspace and emails the samples and the README name, written to the storage account the app uses
// (AzureWebJobsStorage, as a connection string or identity-based: from the environment, else from the Values of the
// local.settings.json that JOURNEYFUNCTIONS_LOCAL_SETTINGS names, as func start reads it; Azurite when neither sets it).
// Safe to run again.
int people = args.Length switch
{
    0 => 200,
    1 when int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= SampleDataSeeder.MaxPeople => n,
    _ => 0,
};
if (people == 0)
{
    Console.Error.WriteLine($"usage: scripts/seed.sh [people]  (1 to {SampleDataSeeder.MaxPeople:N0} sample people, in accounts of 10; default 200)");
    return 2;
}

try
{
    // local.settings.json is read here too: a file that is not JSON is a one-line failure like any other setting.
    Dictionary<string, string?> localSettings = LocalSettingsValues(Environment.GetEnvironmentVariable("JOURNEYFUNCTIONS_LOCAL_SETTINGS"));
    Dictionary<string, string?> environment = EnvironmentValues();
    IConfigurationRoot configuration = new ConfigurationBuilder().AddInMemoryCollection(localSettings).AddInMemoryCollection(environment).Build();
    if (!configuration.GetSection(AppSettings.StorageConnectionName).Exists())
    {
        configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(AppSettings.StorageConnectionName, "UseDevelopmentStorage=true")])
            .AddInMemoryCollection(localSettings)
            .AddInMemoryCollection(environment)
            .Build();
    }

    AppSettings settings = AppSettings.From(configuration);
    await using ServiceProvider services = new ServiceCollection().AddLogging().AddJourneyFunctions(settings).BuildServiceProvider();
    int accounts = await SampleDataSeeder.SeedAsync(services, people, CancellationToken.None);
    // Names the account, never the connection string: it holds the account key.
    Console.WriteLine($"Seeded {accounts} accounts x {SampleDataSeeder.PeoplePerAccount} people and the sample catalog into the tables at {settings.Storage.CreateTableServiceClient().Uri}.");
    return 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // A command-line user wants the cause in one line (an unreadable setting, storage not reachable), not a stack
    // trace; the message never holds the connection string.
    string cause = StorageRefusal.Describe(e) ?? e.GetBaseException().Message;
    Console.Error.WriteLine($"seed: failed: {cause.ReplaceLineEndings(" ")}");
    return 1;
}

// The Values of a local.settings.json (none when the path is unset or the file absent), read as the local host reads them.
static Dictionary<string, string?> LocalSettingsValues(string? path) =>
    string.IsNullOrEmpty(path) || !File.Exists(path)
        ? []
        : LocalSettingsFile.Read(path, valuesRequired: false).Where(setting => setting.Value is not null).ToDictionary(StringComparer.OrdinalIgnoreCase);

// The environment's variables, their names with "__" read as sections; one set but empty is left out, so an empty
// AzureWebJobsStorage in the shell does not hide the value of local.settings.json.
// (Names differing only in case, such as http_proxy and HTTP_PROXY, are one setting, as configuration reads them.)
static Dictionary<string, string?> EnvironmentValues()
{
    var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
    foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
    {
        if (variable.Value is string { Length: > 0 } value)
        {
            values[((string)variable.Key).Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
        }
    }

    return values;
}

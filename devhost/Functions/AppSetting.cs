namespace JourneyFunctions.DevHost.Functions;

/// <summary>Attribute values written as <c>%Setting%</c> (a timer's schedule, a queue's name) read from the app settings, as the Functions host does.</summary>
internal static class AppSetting
{
    public static string Resolve(string value, IConfiguration configuration) =>
        value.Length > 1 && value.StartsWith('%') && value.EndsWith('%')
            ? configuration[value.Trim('%')] is { } setting && !string.IsNullOrWhiteSpace(setting)
                ? setting
                : throw new InvalidOperationException($"App setting '{value.Trim('%')}' (from '{value}' in a function's trigger) is not set or is empty.")
            : value;
}

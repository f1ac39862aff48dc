using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// <c>GET /api/sync/settings</c> and <c>PUT /api/sync/settings</c>: the admin's control of the sync (on/off, the
/// initial-sync schedule and throttle, the activity types logged to Salesforce). A PUT names the fields it changes
/// (the others keep their values), is validated as a whole (400 naming every bad field), applies without a restart and
/// is recorded with who and when (<see cref="ListSyncSettingsHistoryHandler"/>). Turning the sync back on starts a
/// full re-sync, which catches up on the changes skipped while it was off.
/// </summary>
public sealed class SyncSettingsHandler(SyncSettingsStore store, InitialSyncStarter starter)
{
    public const string Route = "sync/settings";

    /// <summary>Set by App Service authentication to the signed-in user (the platform overwrites what a client sends).</summary>
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    public const int MaxPeoplePerMinuteLimit = 10_000_000;
    public const int MaxChangedByLength = 128;

    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.Json(View(request, await store.GetAsync(cancellationToken)));

    public async Task<IResult> PutAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (JsonObject? body, IResult? error) = await RequestBody.ReadAsync<JsonObject>(request, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var problems = new List<ValidationProblem>();
        Func<SyncSettings, SyncSettings> change = Read(body, problems, out string? statedBy);
        if (problems.Count > 0)
        {
            return ApiResults.Problem(
                StatusCodes.Status400BadRequest, $"The sync settings have {problems.Count} problem(s).", problems, ProblemType.InvalidRequest);
        }

        string changedBy = request.Headers[PrincipalHeader].ToString() is { Length: > 0 and <= MaxChangedByLength } principal && !principal.Any(char.IsControl)
            ? principal
            : statedBy ?? "unknown";
        // Whether this request's own change switched the sync on, judged against the settings it was recorded over (the
        // store applies the change again after a conflict): a request that changed nothing, or lost to one that switched
        // it on first, starts no re-sync and answers no resync.
        bool switchedOn = false;
        StoredSyncSettings stored = await store.ChangeAsync(
            current =>
            {
                SyncSettings next = change(current);
                switchedOn = !current.Enabled && next.Enabled;
                return next;
            },
            changedBy,
            cancellationToken);
        string? resync = switchedOn ? await starter.EnsureStartedAsync(client, restartCompleted: true, cancellationToken) : null;
        if (resync == "running")
        {
            await InitialSyncStarter.WakeAsync(client, cancellationToken);
        }

        JsonObject view = View(request, stored);
        if (resync is not null)
        {
            view["resync"] = resync;
        }

        return ApiResults.Json(view);
    }

    /// <summary>The change a body asks for, every bad field added to <paramref name="problems"/>.</summary>
    private static Func<SyncSettings, SyncSettings> Read(JsonObject body, List<ValidationProblem> problems, out string? changedBy)
    {
        bool? enabled = null, rerun = null;
        string? schedule = null;
        int? throttle = null;
        List<SalesActivityType>? types = null;
        changedBy = null;
        foreach ((string name, JsonNode? value) in body)
        {
            switch (name)
            {
                case "enabled":
                    enabled = Flag(name, value, problems);
                    break;
                case "rerunCompleted":
                    rerun = Flag(name, value, problems);
                    break;
                case "initialSyncSchedule":
                    // Stored as the timer reads it: white space around it dropped before its length is judged.
                    schedule = Text(name, value is JsonValue raw && raw.TryGetValue(out string? given) ? JsonValue.Create(given.Trim()) : value, SyncSettings.MaxScheduleLength, problems);
                    if (schedule is not null && !Ncrontab.TryParseFallingDue(schedule, out _))
                    {
                        problems.Add(new(null, name, $"{Ncrontab.Rule} (got '{schedule}')."));
                        schedule = null;
                    }

                    break;
                case "maxPeoplePerMinute":
                    // A whole number as JSON writes it, 2.0 and 1e2 too (as the journey definitions take them).
                    throttle = value is JsonValue number && number.TryGetValue(out decimal n) && WholeNumberConverter.IsWhole(number.ToJsonString()) && n is >= 0 and <= MaxPeoplePerMinuteLimit ? (int)n : null;
                    if (throttle is null)
                    {
                        problems.Add(new(null, name, $"must be a whole number from 0 (no throttle) to {MaxPeoplePerMinuteLimit}."));
                    }

                    break;
                case "salesforceTaskTypes":
                    types = TaskTypes(name, value, problems);
                    break;
                case "changedBy":
                    changedBy = Text(name, value, MaxChangedByLength, problems);
                    break;
                default:
                    problems.Add(new(null, name, "is not a sync setting (known: enabled, initialSyncSchedule, rerunCompleted, maxPeoplePerMinute, salesforceTaskTypes, changedBy)."));
                    break;
            }
        }

        return current => current with
        {
            Enabled = enabled ?? current.Enabled,
            RerunCompleted = rerun ?? current.RerunCompleted,
            InitialSyncSchedule = schedule ?? current.InitialSyncSchedule,
            MaxPeoplePerMinute = throttle ?? current.MaxPeoplePerMinute,
            SalesforceTaskTypes = types ?? current.SalesforceTaskTypes,
        };
    }

    private static bool? Flag(string name, JsonNode? value, List<ValidationProblem> problems)
    {
        if (value is JsonValue flag && flag.TryGetValue(out bool b))
        {
            return b;
        }

        problems.Add(new(null, name, "must be true or false."));
        return null;
    }

    private static string? Text(string name, JsonNode? value, int maxLength, List<ValidationProblem> problems)
    {
        if (value is JsonValue text && text.TryGetValue(out string? s) && s.Length is > 0 && s.Length <= maxLength && !s.Any(char.IsControl))
        {
            return s;
        }

        problems.Add(new(null, name, $"must be text of 1 to {maxLength} characters without control characters."));
        return null;
    }

    /// <summary>The types logged to Salesforce: the sales activity types; an unsubscribe always sets the opt-out, so it is not one of them.</summary>
    private static List<SalesActivityType>? TaskTypes(string name, JsonNode? value, List<ValidationProblem> problems)
    {
        if (value is not JsonArray items)
        {
            problems.Add(new(null, name, "must be an array of sales activity type names (may be empty)."));
            return null;
        }

        if (items.Count > TaskTypesByName.Count)
        {
            // Each type once: a longer list holds a repeat at best, and one problem per item would answer a 1 MiB body with tens of MB.
            problems.Add(new(null, name, $"must hold at most {TaskTypesByName.Count} items, each type once (got {items.Count})."));
            return null;
        }

        var types = new List<SalesActivityType>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is JsonValue item && item.TryGetValue(out string? text) && TaskTypesByName.TryGetValue(text, out SalesActivityType type))
            {
                types.Add(type);
            }
            else
            {
                problems.Add(new(null, $"{name}[{i}]", $"must be one of {string.Join(", ", TaskTypeNames)} (got {items[i]?.ToJsonString() ?? "null"})."));
            }
        }

        return types.Distinct().Order().ToList();
    }

    /// <summary>The type names a body may give, as the API writes them (any case): one name an item, never a number or a list.</summary>
    private static readonly Dictionary<string, SalesActivityType> TaskTypesByName = Enum.GetValues<SalesActivityType>()
        .Where(t => t != SalesActivityType.Unsubscribe)
        .ToDictionary(t => JsonNamingPolicy.CamelCase.ConvertName(t.ToString()), StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> TaskTypeNames => TaskTypesByName.Keys;

    private static JsonObject View(HttpRequest request, StoredSyncSettings stored)
    {
        JsonObject view = JsonSerializer.SerializeToNode(stored.Settings, Domain.Json.JsonDefaults.Options)!.AsObject();
        view["version"] = stored.Version;
        if (stored.Version > 0)
        {
            // Left out while the settings are the app settings' defaults (version 0): nobody changed them yet.
            view["changedAt"] = stored.ChangedAt;
            view["changedBy"] = stored.ChangedBy;
        }

        view["historyUrl"] = Urls.Api(request, ListSyncSettingsHistoryHandler.Route);
        return view;
    }
}

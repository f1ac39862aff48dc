using System.Globalization;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.Marketo;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>Journey actions reaching Marketo through the shared client: once per target under retries, in as few calls as the limits allow.</summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class MarketoActionTests
{
    private const string Settings = $$"""{ "connection": "{{MarketoActionBed.Connection}}", "list": "Journey prospects" }""";

    [Fact]
    public async Task Add_to_list_puts_every_lead_of_the_call_on_the_list_in_one_call_and_a_retry_changes_nothing()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        bed.Marketo.Server.AddStaticList(7001, "Journey prospects");
        ActionRequest request = bed.Request("addToMarketoList", Settings);

        ActionResult first = await bed.ApplyAsync(request);
        long callsAfterFirst = bed.Client.Calls;
        ActionResult retry = await bed.ApplyAsync(request);

        Assert.Equal(bed.AllLeads().Order(), bed.Marketo.Server.ListMembers(7001).Order());
        Assert.Equal(new ActionResult(3, 11, 1), first);
        Assert.Equal(first, retry);
        Assert.Equal(2, callsAfterFirst); // the name lookup and one Add to List for all 12 people of 3 accounts
        Assert.Equal(1, bed.Client.Calls - callsAfterFirst); // the retry: the list id is cached
        List<Effect> effects = await bed.EffectsAsync(request);
        Assert.Contains(effects, e => e.TargetId == bed.NotInMarketo && e.Detail.Contains("1004 Lead not found", StringComparison.Ordinal));
        Assert.Equal(11, effects.Count(e => e.Detail == "added to Marketo list 7001"));
        Assert.Empty(bed.Marketo.Server.Violations);
    }

    [Fact]
    public async Task Remove_from_list_takes_the_leads_off_and_a_retry_still_counts_them_removed()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        bed.Marketo.Server.AddStaticList(7002, "Journey prospects");
        await bed.ApplyAsync(bed.Request("addToMarketoList", Settings, node: "add"));
        ActionRequest remove = bed.Request("removeFromMarketoList", Settings, node: "remove");

        ActionResult first = await bed.ApplyAsync(remove);
        ActionResult retry = await bed.ApplyAsync(remove);

        Assert.Empty(bed.Marketo.Server.ListMembers(7002));
        Assert.Equal(new ActionResult(3, 11, 1), first);
        Assert.Equal(first, retry);
    }

    [Fact]
    public async Task A_list_Marketo_does_not_have_skips_the_people_with_the_reason_and_fails_the_publish_check()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        bed.Marketo.Server.AddStaticList(7003, "Other list");
        bed.Marketo.Server.AddCampaign(8003, "Nurture", "Default");

        ActionResult result = await bed.ApplyAsync(bed.Request("addToMarketoList", Settings));
        List<ValidationProblem> missing = await bed.CheckReferencesAsync($$"""{ "id": "n1", "type": "action", "action": "addToMarketoList", "settings": {{Settings}} }""");
        List<ValidationProblem> found = await bed.CheckReferencesAsync($$"""
            { "id": "n2", "type": "action", "action": "addToRequestCampaign", "settings": { "connection": "{{MarketoActionBed.Connection}}", "workspace": "Default", "campaign": "Nurture" } }
            """);
        List<ValidationProblem> otherWorkspace = await bed.CheckReferencesAsync($$"""
            { "id": "n3", "type": "action", "action": "addToRequestCampaign", "settings": { "connection": "{{MarketoActionBed.Connection}}", "workspace": "EMEA", "campaign": "Nurture" } }
            """);

        Assert.Equal(new ActionResult(3, 0, 12), result);
        Assert.Equal(new ValidationProblem("n1", "list", "Marketo has no static list 'Journey prospects'"), Assert.Single(missing));
        Assert.Empty(found);
        Assert.Equal(new ValidationProblem("n3", "campaign", "Marketo has no requestable campaign 'Nurture' in workspace 'EMEA'"), Assert.Single(otherWorkspace));
    }

    [Fact]
    public async Task A_sales_alert_email_is_checked_in_the_local_store_even_with_Marketo_configured_as_the_provider_sends_it()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();

        List<ValidationProblem> problems = await bed.CheckReferencesAsync("""
            { "id": "alert", "type": "action", "action": "sendSalesAlert", "settings": { "solutionInterest": "Analytics", "workspace": "NoSuchWs", "emailName": "NoSuchEmail" } }
            """);

        Assert.Equal(new ValidationProblem("alert", "emailName", "workspace 'NoSuchWs' has no email 'NoSuchEmail'"), Assert.Single(problems));
    }

    [Fact]
    public async Task A_name_two_Marketo_lists_share_is_the_setting_s_problem_not_a_check_that_failed()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        bed.Marketo.Server.AddStaticList(7001, "Dup");
        bed.Marketo.Server.AddStaticList(7002, "Dup");

        List<ValidationProblem> problems = await bed.CheckReferencesAsync($$"""
            { "id": "n1", "type": "action", "action": "addToMarketoList", "settings": { "connection": "{{MarketoActionBed.Connection}}", "list": "Dup" } }
            """);

        Assert.Equal(new ValidationProblem("n1", "list", "Marketo has 2 assets named 'Dup'; the name must be unique."), Assert.Single(problems));
    }

    [Fact]
    public async Task A_save_check_gives_up_on_a_Marketo_that_does_not_answer_after_its_budget_not_after_every_retry()
    {
        // The client would try 8 times over about 90 s (1 s doubling to 30 s); the check reports after 10 s.
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync(tune: o => o with { RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(30) });
        bed.Marketo.Server.InjectErrors([.. Enumerable.Repeat(502, 8)]);

        List<ValidationProblem> problems = await bed.CheckReferencesAsync($$"""{ "id": "n1", "type": "action", "action": "addToMarketoList", "settings": {{Settings}} }""");

        Assert.Equal(
            new ValidationProblem("n1", "list", $"could not check with Marketo connection '{MarketoActionBed.Connection}': Marketo gave no usable answer within 10 s"),
            Assert.Single(problems));
        Assert.InRange(bed.Marketo.Server.Calls, 3, 5); // attempts at about 0, 1, 3 and 7 s; the next would be at 15 s
    }

    [Fact]
    public async Task A_request_campaign_runs_once_per_person_even_when_a_call_fails_and_the_activity_is_retried()
    {
        // 3 accounts of 90 people: 269 leads, so 3 calls of at most 100. The second call gets no answer (502, and the
        // client is set to give up at once): the activity fails after the first call's people were confirmed, and its
        // retry requests the rest.
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync(people: 90, tune: o => o with { MaxAttempts = 1 });
        bed.Marketo.Server.AddCampaign(8001, "Nurture", "Default");
        ActionRequest request = bed.Request("addToRequestCampaign", $$"""{ "connection": "{{MarketoActionBed.Connection}}", "workspace": "Default", "campaign": "Nurture", "tokens": { "my.offer": "Free trial" } }""");
        bed.Marketo.Server.InjectErrors(0, 0, 0, 502); // the name lookup, the leads lookup and the first request answer; the second does not

        await Assert.ThrowsAsync<MarketoApiException>(() => bed.ApplyAsync(request));
        int afterFailure = bed.Marketo.Server.CampaignRequests.Count;
        ActionResult retried = await bed.ApplyAsync(request);
        ActionResult again = await bed.ApplyAsync(request);

        Assert.Equal(100, afterFailure); // one call's people
        List<long> requested = bed.Marketo.Server.CampaignRequests.Where(r => r.CampaignId == 8001).Select(r => r.LeadId).ToList();
        Assert.Equal(bed.AllLeads().Order(), requested.Order());
        Assert.All(bed.Marketo.Server.CampaignRequests, r => Assert.Equal("Free trial", r.Tokens["{{my.offer}}"]));
        Assert.Equal(new ActionResult(3, 269, 1), retried); // the lead Marketo does not have is skipped, not requested
        Assert.Equal(retried, again);
        Assert.Contains(await bed.EffectsAsync(request), e => e.TargetId == bed.NotInMarketo && e.Detail == "skipped by Marketo: 1004 Lead not found");
        Assert.Equal("Skipped", (await bed.Ledger.GetAsync(request.RunId, request.NodeId, OutboxKind.CampaignRequest, [bed.NotInMarketo]))[bed.NotInMarketo].GetString("Status"));
        Assert.Empty(bed.Marketo.Server.Violations);
    }

    [Fact]
    public async Task A_spent_daily_quota_on_the_campaign_s_lead_lookup_skips_the_people_with_the_reason_instead_of_failing_the_run()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync(people: 10);
        bed.Marketo.Server.AddCampaign(8001, "Nurture", "Default");
        ActionRequest request = bed.Request("addToRequestCampaign", $$"""{ "connection": "{{MarketoActionBed.Connection}}", "workspace": "Default", "campaign": "Nurture" }""");
        bed.Marketo.Server.InjectErrors(0, 607); // the name lookup answers; the leads lookup finds the quota spent

        ActionResult result = await bed.ApplyAsync(request);
        ActionResult retried = await bed.ApplyAsync(request);

        Assert.Equal(new ActionResult(3, 0, 30), result);
        Assert.Equal(result, retried); // recorded: a retry calls Marketo for none of them
        Assert.Empty(bed.Marketo.Server.CampaignRequests);
        Assert.All(await bed.EffectsAsync(request), e => Assert.Contains("607", e.Detail, StringComparison.Ordinal));
        Assert.Empty(bed.Marketo.Server.Violations);
    }

    [Fact]
    public async Task A_spent_daily_quota_on_the_list_s_name_lookup_skips_the_people_with_the_reset_time_instead_of_failing_the_run()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        bed.Marketo.Server.AddStaticList(7001, "Journey prospects");
        ActionRequest request = bed.Request("addToMarketoList", Settings);
        bed.Marketo.Server.InjectErrors(607); // the name lookup finds the quota spent

        ActionResult result = await bed.ApplyAsync(request);

        Assert.Equal(new ActionResult(3, 0, 12), result);
        Assert.Empty(bed.Marketo.Server.ListMembers(7001));
        List<Effect> effects = await bed.EffectsAsync(request);
        Assert.Equal(12, effects.Count);
        Assert.All(effects, e => Assert.Matches("^skipped by Marketo: .*607.*resume after", e.Detail));
        Assert.Empty(bed.Marketo.Server.Violations);
    }

    [Fact]
    public async Task A_refused_lookup_on_the_retry_of_a_call_that_already_sent_some_people_fails_the_call_rather_than_record_them_skipped()
    {
        RefusingLookups? refusing = null;
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync(people: 90, tune: o => o with { MaxAttempts = 1 }, wrap: m => refusing = new RefusingLookups(m));
        bed.Marketo.Server.AddCampaign(8001, "Nurture", "Default");
        ActionRequest request = bed.Request("addToRequestCampaign", $$"""{ "connection": "{{MarketoActionBed.Connection}}", "workspace": "Default", "campaign": "Nurture" }""");
        bed.Marketo.Server.InjectErrors(0, 0, 0, 502); // the first call of 100 people is sent; the second gets no answer
        await Assert.ThrowsAsync<MarketoApiException>(() => bed.ApplyAsync(request));

        refusing!.Refuse = true; // the retry's lookup: the daily quota is spent by now
        await Assert.ThrowsAsync<MarketoRefusedException>(() => bed.ApplyAsync(request));
        Assert.Empty(await bed.EffectsAsync(request));

        refusing.Refuse = false;
        ActionResult retried = await bed.ApplyAsync(request);
        Assert.Equal(new ActionResult(3, 269, 1), retried);
        Assert.Equal(bed.AllLeads().Order(), bed.Marketo.Server.CampaignRequests.Select(r => r.LeadId).Order());
    }

    [Fact]
    public async Task A_list_name_Marketo_holds_twice_skips_the_people_with_the_reason_at_run_time()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        bed.Marketo.Server.AddStaticList(7001, "Journey prospects");
        bed.Marketo.Server.AddStaticList(7002, "Journey prospects", "Other");
        ActionRequest request = bed.Request("addToMarketoList", Settings);

        ActionResult result = await bed.ApplyAsync(request);

        Assert.Equal(new ActionResult(3, 0, 12), result);
        Assert.All(await bed.EffectsAsync(request), e => Assert.Equal("skipped by Marketo: Marketo has 2 assets named 'Journey prospects'; the name must be unique.", e.Detail));
    }

    [Fact]
    public async Task A_score_change_Marketo_refuses_is_journaled_as_made_locally_and_skipped_by_Marketo()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync(people: 10);
        bed.Marketo.Server.AddCampaign(8101, "Change Score engagement", "Default", FakeMarketoServer.ChangeScoreFlow("engagementScore"));
        ActionRequest request = bed.Request("changeScore", """{ "scoreName": "engagement", "change": 5 }""");
        bed.Marketo.Server.InjectErrors(607); // the campaign's name lookup finds the quota spent

        ActionResult result = await bed.ApplyAsync(request);

        Assert.Equal(new ActionResult(3, 0, 30), result);
        Assert.Empty(bed.Marketo.Server.CampaignRequests);
        List<Effect> effects = await bed.EffectsAsync(request);
        Assert.Equal(30, effects.Count);
        Assert.All(effects, e => Assert.Matches("^engagement\\+5 locally; skipped by Marketo: .*607", e.Detail));
        Dictionary<string, List<Person>> people = await bed.People.PeopleOfAccountsAsync([bed.AccountId(0), bed.AccountId(1), bed.AccountId(2)]);
        Assert.All(people.Values.SelectMany(p => p), p => Assert.Equal(5.0, Convert.ToDouble(p.Fields["Score_engagement"], CultureInfo.InvariantCulture)));
    }

    /// <summary>The Marketo adapter whose name lookups Marketo refuses while <see cref="Refuse"/> is set.</summary>
    private sealed class RefusingLookups(IMarketoEngage inner) : IMarketoEngage
    {
        public bool Refuse { get; set; }

        public string Connection => inner.Connection;

        public int? MomentActivityTypeId => inner.MomentActivityTypeId;

        public Task<long?> FindListAsync(string list, CancellationToken cancellationToken) => Refuse ? throw Refused() : inner.FindListAsync(list, cancellationToken);

        public Task<long?> FindCampaignAsync(string? workspace, string campaign, CancellationToken cancellationToken) =>
            Refuse ? throw Refused() : inner.FindCampaignAsync(workspace, campaign, cancellationToken);

        public Task<MarketoProgram?> FindProgramAsync(string program, CancellationToken cancellationToken) => Refuse ? throw Refused() : inner.FindProgramAsync(program, cancellationToken);

        public Task<bool> SentAnyAsync(string runId, string nodeId, IReadOnlyList<string> personIds, CancellationToken cancellationToken) =>
            inner.SentAnyAsync(runId, nodeId, personIds, cancellationToken);

        public Task<IReadOnlyList<LeadOutcome>> SetProgramStatusAsync(long programId, IReadOnlyList<string> personIds, string status, CancellationToken cancellationToken) =>
            inner.SetProgramStatusAsync(programId, personIds, status, cancellationToken);

        public Task<IReadOnlyList<LeadOutcome>> SetListMembersAsync(long listId, IReadOnlyList<string> personIds, bool isMember, CancellationToken cancellationToken) =>
            inner.SetListMembersAsync(listId, personIds, isMember, cancellationToken);

        public Task<IReadOnlyList<LeadOutcome>> RequestCampaignOnceAsync(
            string runId, string nodeId, long campaignId, IReadOnlyList<string> personIds, IReadOnlyDictionary<string, string> tokens, CancellationToken cancellationToken) =>
            inner.RequestCampaignOnceAsync(runId, nodeId, campaignId, personIds, tokens, cancellationToken);

        public Task<IReadOnlyList<LeadOutcome>> UpdateLeadsAsync(IReadOnlyList<string> personIds, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken) =>
            inner.UpdateLeadsAsync(personIds, fields, cancellationToken);

        public Task<IReadOnlyList<LeadOutcome>> AddMomentsOnceAsync(
            string runId, string nodeId, IReadOnlyList<string> personIds, string type, string? description, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.AddMomentsOnceAsync(runId, nodeId, personIds, type, description, at, cancellationToken);

        private static MarketoRefusedException Refused() => new("Marketo's daily API quota is spent (607); calls resume after tomorrow.");
    }

    [Fact]
    public async Task Score_changes_of_concurrent_journeys_and_their_retries_each_land_once_in_Marketo()
    {
        // Two journeys change the same people's score at once, and each activity runs twice (a lost completion), with
        // optimistic-concurrency conflicts on the local copy retried as Durable would: Marketo adds each change once.
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync(accounts: 2, people: 20);
        bed.Marketo.Server.AddCampaign(8101, "Change Score engagement", "Default", FakeMarketoServer.ChangeScoreFlow("engagementScore"));
        ActionRequest plus = bed.Request("changeScore", """{ "scoreName": "engagement", "change": 5 }""", runId: "run-a");
        ActionRequest minus = bed.Request("changeScore", """{ "scoreName": "engagement", "change": -2 }""", runId: "run-b");

        await Task.WhenAll(bed.ApplyWithRetriesAsync(plus), bed.ApplyWithRetriesAsync(minus), bed.ApplyWithRetriesAsync(plus), bed.ApplyWithRetriesAsync(minus));

        foreach (long lead in bed.AllLeads())
        {
            Assert.Equal(13.0, bed.Marketo.Server.LeadField(lead, "engagementScore")!.GetValue<double>());
        }

        Assert.Equal(2 * bed.AllLeads().Count, bed.Marketo.Server.CampaignRequests.Count);
        Assert.Contains(bed.Marketo.Server.CampaignRequests, r => r.Tokens["{{my.scoreChange}}"] == "-2");
        List<Effect> effects = await bed.EffectsAsync(plus);
        Assert.Contains(effects, e => e.Detail.StartsWith("engagement+5; sent to Marketo (8101)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changing_data_values_updates_the_leads_and_a_field_Marketo_lacks_skips_them_with_the_reason()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        ActionRequest change = bed.Request("changeDataValue", """{ "attribute": "title", "value": "Champion" }""", node: "title");
        ActionRequest profile = bed.Request("updatePersonProfile", """{ "attributes": { "title": "VP", "noSuchField": "x" } }""", node: "profile");

        ActionResult changed = await bed.ApplyAsync(change);
        ActionResult again = await bed.ApplyAsync(change);
        ActionResult refused = await bed.ApplyAsync(profile);

        Assert.Equal(new ActionResult(3, 11, 1), changed);
        Assert.Equal(changed, again);
        Assert.All(bed.AllLeads(), lead => Assert.Equal("Champion", bed.Marketo.Server.LeadField(lead, "title")!.GetValue<string>()));
        Assert.Equal(new ActionResult(3, 0, 12), refused);
        Assert.Contains(await bed.EffectsAsync(profile), e => e.NodeId == "profile" && e.Detail.Contains("error 1006: Field 'noSuchField' not found", StringComparison.Ordinal));
        Assert.Empty(bed.Marketo.Server.Violations);
    }

    [Fact]
    public async Task A_program_status_is_set_in_Marketo_once_looked_up_and_a_retry_or_an_earlier_status_moves_nobody_back()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        bed.Marketo.Server.AddProgram(9001, "Spring Webinar", "Webinar", ["Invited", "Registered", "Attended"]);
        const string Attended = $$"""{ "connection": "{{MarketoActionBed.Connection}}", "program": "Spring Webinar", "status": "Attended" }""";
        ActionRequest attended = bed.Request("changeProgramStatus", Attended, node: "attended");
        ActionRequest registered = bed.Request("changeProgramStatus", Attended.Replace("Attended", "Registered", StringComparison.Ordinal), node: "registered");

        ActionResult first = await bed.ApplyAsync(attended);
        long callsAfterFirst = bed.Client.Calls;
        ActionResult retry = await bed.ApplyAsync(attended);
        long retryCalls = bed.Client.Calls - callsAfterFirst;
        ActionResult back = await bed.ApplyAsync(registered);

        Assert.All(bed.AllLeads(), lead => Assert.Equal("Attended", bed.Marketo.Server.ProgramStatus(9001, lead)));
        Assert.Equal(new ActionResult(3, 11, 1), first); // the lead Marketo does not have is skipped
        Assert.Equal(first, retry);
        Assert.Equal(3, callsAfterFirst); // the program, its channel, and one call for all 12 people
        Assert.Equal(1, retryCalls); // the retry: the program is cached
        Assert.Equal(new ActionResult(3, 0, 12), back);
        List<Effect> effects = await bed.EffectsAsync(attended);
        Assert.Equal(11, effects.Count(e => e.NodeId == "attended" && e.Detail == "status in Marketo program 9001: Attended"));
        Assert.Contains(effects, e => e.TargetId == bed.NotInMarketo && e.Detail == "skipped by Marketo: 1004 Lead not found");
        Assert.Contains(effects, e => e.NodeId == "registered" && e.Detail.StartsWith("skipped by Marketo: ", StringComparison.Ordinal) && e.Detail.Contains("later status", StringComparison.Ordinal));
        Assert.Empty(bed.Marketo.Server.Violations);
    }

    [Fact]
    public async Task A_program_or_status_Marketo_does_not_have_skips_the_people_and_fails_the_publish_check()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        bed.Marketo.Server.AddProgram(9002, "Spring Webinar", "Webinar", ["Invited", "Registered", "Attended"]);
        string Settings(string program, string status) => $$"""{ "connection": "{{MarketoActionBed.Connection}}", "program": "{{program}}", "status": "{{status}}" }""";
        string Node(string id, string program, string status) => $$"""{ "id": "{{id}}", "type": "action", "action": "changeProgramStatus", "settings": {{Settings(program, status)}} }""";

        ActionResult noProgram = await bed.ApplyAsync(bed.Request("changeProgramStatus", Settings("Autumn Webinar", "Attended"), node: "p"));
        ActionRequest wrongStatus = bed.Request("changeProgramStatus", Settings("Spring Webinar", "No Show"), node: "s");
        ActionResult noStatus = await bed.ApplyAsync(wrongStatus);

        Assert.Equal(new ActionResult(3, 0, 12), noProgram);
        Assert.Equal(new ActionResult(3, 0, 12), noStatus);
        Assert.Contains(await bed.EffectsAsync(wrongStatus), e => e.NodeId == "s"
            && e.Detail == "skipped: program 'Spring Webinar' has no status 'No Show' (its statuses: Invited, Registered, Attended)");
        Assert.Equal(
            new ValidationProblem("n1", "program", $"Marketo connection '{MarketoActionBed.Connection}' has no program 'Autumn Webinar'"),
            Assert.Single(await bed.CheckReferencesAsync(Node("n1", "Autumn Webinar", "Attended"))));
        Assert.Equal(
            new ValidationProblem("n2", "status", "program 'Spring Webinar' has no status 'No Show' (its statuses: Invited, Registered, Attended)"),
            Assert.Single(await bed.CheckReferencesAsync(Node("n2", "Spring Webinar", "No Show"))));
        Assert.Empty(await bed.CheckReferencesAsync(Node("n3", "Spring Webinar", "Registered")));
        Assert.All(bed.AllLeads(), lead => Assert.Null(bed.Marketo.Server.ProgramStatus(9002, lead)));
    }

    [Fact]
    public async Task Interesting_moments_become_custom_activities_once_per_person()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync(momentTypeId: 100100);
        ActionRequest request = bed.Request("interestingMoment", """{ "type": "milestone", "description": "Reached the demo stage" }""");

        ActionResult first = await bed.ApplyAsync(request);
        ActionResult retry = await bed.ApplyAsync(request);

        Assert.Equal(new ActionResult(3, 11, 1), first); // Add Custom Activities skips the lead Marketo does not have
        Assert.Equal(first, retry);
        Assert.Equal(11, bed.Marketo.Server.Activities.Count(a => a["activityTypeId"]!.GetValue<int>() == 100100 && a["primaryAttributeValue"]!.GetValue<string>() == "milestone"));
        Assert.Contains(await bed.EffectsAsync(request), e => e.TargetId == bed.NotInMarketo && e.Detail == "milestone; skipped by Marketo: 1004 Lead not found");
    }

    [Fact]
    public async Task A_workspace_email_is_sent_by_its_Marketo_campaign_once_per_subscribed_person()
    {
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync();
        bed.Marketo.Server.AddCampaign(8201, "Send Welcome", "Default");
        ActionRequest request = bed.Request("sendEmail", """{ "workspace": "Default", "emailName": "Welcome" }""");

        ActionResult first = await bed.ApplyAsync(request);
        ActionResult retry = await bed.ApplyAsync(request);

        List<long> subscribed = [.. Enumerable.Range(0, 3).SelectMany(a => Enumerable.Range(1, 3).Select(p => bed.LeadId(a, p))).Where(l => l.ToString(CultureInfo.InvariantCulture) != bed.NotInMarketo)];
        Assert.Equal(subscribed.Order(), bed.Marketo.Server.CampaignRequests.Select(r => r.LeadId).Order());
        Assert.Equal(new ActionResult(3, 8, 4), first); // person 0 of each account is unsubscribed; one person is not in Marketo
        Assert.Equal(first, retry);
        Assert.Contains(await bed.EffectsAsync(request), e => e.Detail == "skipped: unsubscribed");
        Assert.Contains(await bed.EffectsAsync(request), e => e.TargetId == bed.NotInMarketo && e.Detail == "skipped by Marketo: 1004 Lead not found");
    }

    [Fact]
    public async Task A_workspace_email_sent_by_Marketo_reaches_each_person_once_per_journey_across_runs_and_nodes()
    {
        // Two runs of the same journey at once (each activity twice), then another node of the first run sending the
        // same email: Marketo is asked once per person, and the others see the person already got it.
        await using MarketoActionBed bed = await MarketoActionBed.CreateAsync(people: 20);
        bed.Marketo.Server.AddCampaign(8301, "Send Welcome", "Default");
        const string Welcome = """{ "workspace": "Default", "emailName": "Welcome" }""";
        ActionRequest first = bed.Request("sendEmail", Welcome, runId: "run-a");
        ActionRequest second = bed.Request("sendEmail", Welcome, runId: "run-b");
        ActionRequest laterNode = bed.Request("sendEmail", Welcome, runId: "run-a", node: "n2");

        ActionResult[] results = await Task.WhenAll(
            bed.ApplyWithRetriesAsync(first), bed.ApplyWithRetriesAsync(second), bed.ApplyWithRetriesAsync(first), bed.ApplyWithRetriesAsync(second));
        ActionResult again = await bed.ApplyAsync(laterNode);

        List<long> requested = [.. bed.Marketo.Server.CampaignRequests.Where(r => r.CampaignId == 8301).Select(r => r.LeadId)];
        List<long> subscribed = [.. bed.AllLeads().Where(l => (l - bed.Base) % 100 != 0)];
        Assert.Equal(subscribed.Order(), requested.Order()); // 56 people, each requested once
        Assert.Equal(56, results.Sum(r => r.People) / 2); // each run's result is the same on its second attempt, and the runs share the people
        Assert.Equal(new ActionResult(3, 0, 60), again); // 3 unsubscribed, the 57 others (the unknown lead too) already had it
        Assert.Contains(await bed.EffectsAsync(laterNode), e => e.Detail == "skipped: already received this email in this journey");
        Assert.Empty(bed.Marketo.Server.Violations);
    }
}

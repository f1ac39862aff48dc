using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Telemetry;

namespace JourneyFunctions.Domain.Tests;

public sealed class LogContextTests
{
    [Fact]
    public void ActionRequestNamesItsRunJourneyNodeAccountsAndActionType()
    {
        var request = new ActionRequest("run-1", "j-1", 1, "node-1", "changeScore", ["a1", "a2"]);

        LogContext context = LogContext.Of(request);

        Assert.Equal("RunId=run-1 JourneyId=j-1 NodeId=node-1 AccountId=a1,a2 ActionType=changeScore", context.ToString());
        Assert.Equal(["RunId", "JourneyId", "NodeId", "AccountId", "ActionType"], context.Select(id => id.Key));
    }

    [Fact]
    public void LargeGroupListsItsFirstAccountsAndCountsTheRest()
    {
        var release = new ReleaseAccountsRequest("j-1", "run-1", [.. Enumerable.Range(0, 7).Select(i => $"a{i}")]);

        Assert.Equal("RunId=run-1 JourneyId=j-1 AccountId=a0,a1,a2,a3,a4 (+2)", LogContext.Of(release).ToString());
    }

    [Fact]
    public void InputNamingNoIdsGivesAnEmptyContext()
    {
        Assert.Empty(LogContext.Of(new SyncPageRequest(null, 10)));
        Assert.Empty(LogContext.Of(null));
    }
}

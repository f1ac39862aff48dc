using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Orchestrations.Sync;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace JourneyFunctions.Orchestrations.Tests;

/// <summary>The initial sync's paging and checkpointing, against a mocked orchestration context.</summary>
public sealed class InitialSyncOrchestrationTests
{
    private static Mock<TaskOrchestrationContext> Context(Func<SyncPageRequest, SyncPageResult> pages)
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Protected().Setup<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        context.Setup(c => c.CallActivityAsync<SyncPageResult>(It.Is<TaskName>(n => n.Name == ActivityNames.SyncInitialPage), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) => Task.FromResult(pages((SyncPageRequest)input!)));
        return context;
    }

    [Fact]
    public async Task Pages_until_the_cursor_ends_and_sums_the_totals()
    {
        Mock<TaskOrchestrationContext> context = Context(request => request.Cursor switch
        {
            null => new SyncPageResult("c1", 1000, 800, 800),
            "c1" => new SyncPageResult("c2", 1000, 700, 700),
            _ => new SyncPageResult(null, 10, 5, 5),
        });

        SyncProgress result = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 1000 });

        Assert.Equal(3, result.Pages);
        Assert.Equal(2010, result.Read);
        Assert.Equal(1505, result.Written);
        Assert.Null(result.Cursor);
        context.Verify(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()), Times.Never);
        context.Verify(c => c.SetCustomStatus(It.IsAny<object?>()), Times.Exactly(3));
    }

    [Fact]
    public async Task Continues_as_new_with_its_checkpoint_to_keep_history_short()
    {
        int page = 0;
        Mock<TaskOrchestrationContext> context = Context(_ => new SyncPageResult($"c{++page}", 100, 50, 50));

        SyncProgress result = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 100, Pages = 3, Read = 300 });

        context.Verify(c => c.ContinueAsNew(It.Is<object?>(o => ((SyncProgress)o!).Cursor == "c20" && ((SyncProgress)o!).Pages == 23), It.IsAny<bool>()), Times.Once);
        Assert.Equal(2300, result.Read);
    }

    [Fact]
    public async Task Resumes_from_the_cursor_it_is_given()
    {
        var cursors = new List<string?>();
        Mock<TaskOrchestrationContext> context = Context(request =>
        {
            cursors.Add(request.Cursor);
            return new SyncPageResult(null, 1, 1, 1);
        });

        await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { Cursor = "resume-here", PageSize = 50 });

        Assert.Equal(["resume-here"], cursors);
    }
}

using JourneyFunctions.Handlers.Http;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>A failure's words reach a body only when they name no .NET type (run status, sync status, JSON reasons).</summary>
public sealed class ApiErrorsTests
{
    [Theory]
    [InlineData("Workspace 'W' no longer has the email 'Welcome'.", "Workspace 'W' no longer has the email 'Welcome'.")]
    [InlineData("Task 'SyncInitialPage' (#12) failed with an unhandled exception: Cannot return System.Nullable`1[System.Int64] type for a System.String typed property.", "failed")]
    [InlineData("The JSON value could not be converted to JourneyFunctions.Domain.Journeys.JourneyNode.", "failed")]
    [InlineData("Microsoft.DurableTask.TaskFailedException was thrown", "failed")]
    [InlineData(null, "failed")]
    [InlineData("", "failed")]
    public void A_message_naming_a_type_is_replaced(string? message, string shown) =>
        Assert.Equal(shown, ApiErrors.Shown(message, "failed"));
}

using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Handlers.Queues;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>How a queue message's text is read, whatever its queue.</summary>
public sealed class QueueMessageTests
{
    private const string Command = """{ "kind": "addAccount", "journeyId": "j-1", "accountId": "a-1", "sourceRunId": "r-1", "sourceNodeId": "add" }""";

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    public void A_message_is_read_with_or_without_a_leading_byte_order_mark(string before) =>
        Assert.Equal("a-1", QueueMessage.Parse<JourneyCommand>(before + Command, _ => true, "journey command").AccountId);

    [Fact]
    public void A_byte_order_mark_elsewhere_is_still_malformed() =>
        Assert.Throws<InvalidDataException>(() => QueueMessage.Parse<JourneyCommand>(" \uFEFF" + Command, _ => true, "journey command"));
}

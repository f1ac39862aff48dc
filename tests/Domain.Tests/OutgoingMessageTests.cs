using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Domain.Tests;

public sealed class OutgoingMessageTests
{
    [Theory]
    [InlineData("line1\r\nBcc: evil@example.com\r\nX-Evil: 1", "line1 Bcc: evil@example.com X-Evil: 1")]
    [InlineData("a\n\n\nb\rc", "a b c")]
    [InlineData("Hello there", "Hello there")]
    [InlineData(null, "")]
    public void A_subject_goes_to_its_header_as_one_line(string? subject, string header) =>
        Assert.Equal(header, new OutgoingMessage("m-1", OutboxKind.Email, "a@example.com", subject, "body").HeaderSubject);
}

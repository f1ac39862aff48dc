using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Domain.Tests;

public sealed class PersonalizationTests
{
    private static readonly Dictionary<string, string?> Lead = new() { ["FirstName"] = "Ada", ["Blank"] = "  ", ["Notes"] = new string('n', 30_000) };
    private static readonly Dictionary<string, string?> Account = new() { ["Name"] = "Contoso" };

    [Theory]
    [InlineData("Hi {{lead.FirstName}} at {{account.Name}}")]
    [InlineData("Hi {{lead.Blank:default=there}}, {{lead.Missing}}{{account.Missing:default=team}}")]
    [InlineData("{{lead.Notes}}{{lead.Notes}} and {{ not a token }}")]
    [InlineData("")]
    public void The_measured_length_is_the_rendered_length(string template) =>
        Assert.Equal(Personalization.Render(template, Lead, Account).Length, Personalization.RenderedLength(template, Lead, Account));

    [Fact]
    public void A_message_over_the_bound_is_not_built()
    {
        string body = string.Concat(Enumerable.Repeat("{{lead.Notes}}", 2_000));

        Assert.Null(OutboxMessage.Personalize("p1", "p1@example.com", "Hi", body, Lead, Account));
        Assert.Equal("Hi Ada", OutboxMessage.Personalize("p1", "p1@example.com", "Hi {{lead.FirstName}}", "x", Lead, Account)!.Subject);
    }
}

using JourneyFunctions.Domain.Web;

namespace JourneyFunctions.Domain.Tests;

/// <summary><see cref="ApiAddress"/>: a call's path goes under the base URL setting's own path, whatever slashes either has.</summary>
public sealed class ApiAddressTests
{
    [Theory]
    [InlineData("https://123-ABC-456.mktorest.com", "rest/v1/lists.json?name=a", "https://123-ABC-456.mktorest.com/rest/v1/lists.json?name=a")]
    [InlineData("http://127.0.0.1:8080/mk", "identity/oauth/token?grant_type=client_credentials", "http://127.0.0.1:8080/mk/identity/oauth/token?grant_type=client_credentials")]
    [InlineData("http://127.0.0.1:8080/mk/", "rest/v1/leads.json", "http://127.0.0.1:8080/mk/rest/v1/leads.json")]
    [InlineData("http://gateway/tw", "/2010-04-01/Accounts/AC1/Messages.json", "http://gateway/tw/2010-04-01/Accounts/AC1/Messages.json")]
    [InlineData("https://api.twilio.com/", "/2010-04-01/Accounts/AC1/Messages.json", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json")]
    public void A_path_goes_under_the_base_and_its_own_path(string baseUrl, string pathAndQuery, string expected) =>
        Assert.Equal(new Uri(expected), ApiAddress.Under(new Uri(baseUrl), pathAndQuery));
}

namespace JourneyFunctions.Domain.Web;

/// <summary>Addresses under an outside API's base URL setting (<c>MarketoBaseUrl</c>, <c>TwilioBaseUrl</c>, <c>SalesforceLoginUrl</c>).</summary>
public static class ApiAddress
{
    /// <summary>
    /// <paramref name="pathAndQuery"/> under <paramref name="baseUrl"/>, the base's own path kept: a base such as
    /// <c>http://gateway/marketo</c> (a proxy's or a test server's prefix) gives <c>http://gateway/marketo/rest/v1/...</c>,
    /// where <c>new Uri(base, path)</c> drops the base's last segment, or all of its path for a path from the root.
    /// </summary>
    public static Uri Under(Uri baseUrl, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        return new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + pathAndQuery.TrimStart('/'));
    }
}

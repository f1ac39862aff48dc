using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>The read-only sales people API on the local host.</summary>
public sealed class SalesPeopleApiTests
{
    [Fact]
    public async Task Reads_people_by_id_by_email_and_page_by_page_and_refuses_every_write()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        var sales = new SalesPeopleStore(data.Storage);
        string shared = data.Prefix + "@example.com";
        List<TableEntity> people = [.. Enumerable.Range(0, 3).Select(p => new TableEntity(data.Account(0), data.Person(0, p))
        {
            [PersonFields.FirstName] = "First" + p,
            [PersonFields.Email] = p < 2 ? shared : "other-" + shared,
            [PersonFields.LeadOwner] = "seller@example.com",
            [PersonFields.ChangeVersion] = 5L,
        })];
        // In the marketing store too: an initial sync of a test running beside this one keeps these copies (its closing
        // sweep removes copies the marketing store does not own).
        await new PeopleStore(data.Storage).LoadAsync(people);
        await sales.WriteIfNewerAsync(people.Select(p => SalesPerson.From(p)));

        JsonNode one = JsonNode.Parse(await host.Http.GetStringAsync(new Uri($"sales/people/{data.Person(0, 1)}", UriKind.Relative)))!;
        JsonNode byEmail = JsonNode.Parse(await host.Http.GetStringAsync(new Uri($"sales/people?email={Uri.EscapeDataString(shared)}", UriKind.Relative)))!;
        using HttpResponseMessage missing = await host.Http.GetAsync(new Uri("sales/people/nobody-here", UriKind.Relative));
        using HttpResponseMessage badSize = await host.Http.GetAsync(new Uri("sales/people?pageSize=0", UriKind.Relative));
        using HttpResponseMessage badToken = await host.Http.GetAsync(new Uri("sales/people?continuationToken=not-ours", UriKind.Relative));
        using HttpResponseMessage tokenWithEmail = await host.Http.GetAsync(new Uri($"sales/people?email={Uri.EscapeDataString(shared)}&continuationToken=not-ours", UriKind.Relative));
        using HttpResponseMessage sizeTwiceWithEmail = await host.Http.GetAsync(new Uri($"sales/people?email={Uri.EscapeDataString(shared)}&pageSize=2&PageSize=3", UriKind.Relative));

        Assert.Equal(data.Person(0, 1), one["marketoId"]!.GetValue<string>());
        Assert.Equal("First1", one["firstName"]!.GetValue<string>());
        Assert.Equal(15, one.AsObject().Count);
        Assert.Equal([data.Person(0, 0), data.Person(0, 1)], byEmail["items"]!.AsArray().Select(p => p!["marketoId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSize.StatusCode);
        Assert.Contains("pageSize", await badSize.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
        Assert.Contains("continuationToken", await badToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tokenWithEmail.StatusCode);
        Assert.Contains("continuationToken", await tokenWithEmail.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, sizeTwiceWithEmail.StatusCode);
        Assert.Contains("\"pageSize\"", await sizeTwiceWithEmail.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var listed = new List<string>();
        Uri? next = new("sales/people?pageSize=2", UriKind.Relative);
        while (next is not null)
        {
            JsonNode page = JsonNode.Parse(await host.Http.GetStringAsync(next))!;
            Assert.InRange(page["items"]!.AsArray().Count, 0, 2);
            listed.AddRange(page["items"]!.AsArray().Select(p => p!["marketoId"]!.GetValue<string>()));
            next = page["nextUrl"]?.GetValue<string>() is { } url ? new Uri(url) : null;
        }

        Assert.Equal(3, listed.Count(id => id.StartsWith(data.Prefix, StringComparison.Ordinal)));

        foreach ((HttpMethod method, string path) in new[]
        {
            (HttpMethod.Post, "sales/people"), (HttpMethod.Put, $"sales/people/{data.Person(0, 1)}"),
            (HttpMethod.Patch, $"sales/people/{data.Person(0, 1)}"), (HttpMethod.Delete, $"sales/people/{data.Person(0, 1)}"),
        })
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent("""{ "firstName": "Edited" }""") };
            using HttpResponseMessage refused = await host.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
            Assert.Contains("edited in the marketing system", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(["GET"], refused.Content.Headers.Allow);
        }

        foreach (string path in new[] { "sales/people", $"sales/people/{data.Person(0, 1)}" })
        {
            using var options = new HttpRequestMessage(HttpMethod.Options, new Uri(path, UriKind.Relative));
            using HttpResponseMessage unmatched = await host.Http.SendAsync(options);
            Assert.Equal((HttpStatusCode.MethodNotAllowed, "GET"), (unmatched.StatusCode, string.Join(", ", unmatched.Content.Headers.Allow)));
        }

        Assert.Equal("First1", (await sales.GetAsync(data.Person(0, 1)))!.GetString(PersonFields.FirstName));
    }
}

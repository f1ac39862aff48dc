using Azure.Data.Tables;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Sales;

/// <summary>
/// GET /api/sales/people: with <c>?email=</c>, every sales person with that email (duplicates are separate people);
/// otherwise one page of all of them (<see cref="Paging"/>).
/// </summary>
public sealed class ListSalesPeopleHandler(SalesPeopleStore sales)
{
    public const string Route = "sales/people";

    /// <summary>The longest email address (RFC 5321's path limit less its brackets).</summary>
    public const int MaxEmailLength = 254;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query.TryGetValue("email", out var emails))
        {
            if (emails.Count > 1)
            {
                return ApiResults.BadField("email", "is given more than once; look up one address at a time.");
            }

            string email = emails.ToString().Trim();
            if (email.Length == 0)
            {
                return ApiResults.BadField("email", "is empty; give an email address or leave it out to list everyone.");
            }

            if (email.Length > MaxEmailLength)
            {
                return ApiResults.BadField("email", $"is longer than {MaxEmailLength} characters, the most an email address has.");
            }

            // Paging's rule for every list holds here too, though the lookup pages nothing.
            if ((Paging.GivenTwice(request, "pageSize") ?? Paging.GivenTwice(request, "continuationToken")) is { } twice)
            {
                return twice;
            }

            if (request.Query.TryGetValue("continuationToken", out var token) && token.ToString().Length > 0)
            {
                // The lookup answers on one page and hands out no token, so any token is one this filter never gave.
                return Paging.BadToken();
            }

            List<TableEntity> found = await sales.FindByEmailAsync(email, cancellationToken);
            return Paging.Page(request, Route, found.Select(SalesPersonJson.From), Paging.DefaultPageSize, next: null, "email");
        }

        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, Route);
        if (error is not null)
        {
            return error;
        }

        IReadOnlyList<TableEntity> people;
        string? next;
        try
        {
            (people, next) = await sales.ListAsync(continuation, pageSize, cancellationToken);
        }
        catch (FormatException)
        {
            return Paging.BadToken(); // a token that passed the check but names no position of the store (built by hand)
        }

        return Paging.Page(request, Route, people.Select(SalesPersonJson.From), pageSize, next);
    }
}

using System.Text;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>How answers are written: text as it is, escaped only where JSON requires it.</summary>
public sealed class ApiResultsTests
{
    [Fact]
    public async Task An_answer_writes_offsets_markup_and_Korean_as_they_are_and_escapes_only_what_JSON_must()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();

        await ApiResults.Json(new { at = new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), name = "한국 <b> & 'x'", quoted = "a\"b\\c\n" }).ExecuteAsync(context);

        Assert.Equal(
            """{"at":"2026-12-07T01:00:00+00:00","name":"한국 <b> & 'x'","quoted":"a\"b\\c\n"}""",
            Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }
}

using JourneyFunctions.DevHost.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Functions.Tests;

/// <summary>
/// The local host's reader of [Function] methods: which triggers and parameters it binds, and that anything else
/// stops it at start-up with the function's name rather than failing on the first call.
/// </summary>
public sealed class FunctionReaderTests
{
    [Fact]
    public void Reads_every_trigger_kind_of_the_Functions_app()
    {
        var byTrigger = FunctionReader.App.GroupBy(f => f.Trigger).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(
            [FunctionReader.Activity, FunctionReader.Http, FunctionReader.Orchestration, FunctionReader.Queue, FunctionReader.Timer],
            byTrigger.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(FunctionReader.App.Count, FunctionReader.App.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public async Task Binds_the_request_route_values_context_and_cancellation_of_an_HTTP_function()
    {
        LocalFunction function = Assert.Single(FunctionReader.Read([typeof(EchoApi)]));
        using var cancellation = new CancellationTokenSource();
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        http.Request.RouteValues["itemId"] = "a b";

        var result = (OkObjectResult)(await function.InvokeAsync(new Invocation(function, http.RequestServices, http.Request, cancellation.Token)))!;

        Assert.Equal("GET,POST items/{itemId}", function.Describe().Binding);
        Assert.Equal(("a b", "Echo", cancellation.Token), result.Value);
    }

    [Theory]
    [InlineData("a b", "?itemId=c", "a b")]
    [InlineData(null, "?itemId=c", "c")]
    [InlineData(null, "", null)]
    public async Task A_route_value_binds_before_a_query_parameter_of_its_name_as_under_the_Functions_host(string? route, string query, string? bound)
    {
        LocalFunction function = Assert.Single(FunctionReader.Read([typeof(EchoApi)]));
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        http.Request.RouteValues["itemId"] = route;
        http.Request.QueryString = new QueryString(query);

        var result = (OkObjectResult)(await function.InvokeAsync(new Invocation(function, http.RequestServices, http.Request, CancellationToken.None)))!;

        Assert.Equal(bound, (((string?, string, CancellationToken))result.Value!).Item1);
    }

    [Fact]
    public async Task Passes_an_activity_its_input_and_the_services_of_its_scope()
    {
        LocalFunction function = Assert.Single(FunctionReader.Read([typeof(DoubleActivity)]));
        IServiceProvider services = new ServiceCollection().AddSingleton(new Factor(3)).BuildServiceProvider();

        object? output = await function.InvokeAsync(new Invocation(function, services, 14, CancellationToken.None));

        Assert.Equal((FunctionReader.Activity, typeof(int), 42), (function.Trigger, function.TriggerType, output));
    }

    [Theory]
    [InlineData(typeof(LoggerParameter), "Function 'TakesLogger'", "parameter 'logger' (ILogger)")]
    [InlineData(typeof(NoTrigger), "Function 'NoTrigger'", "0 trigger parameters")]
    [InlineData(typeof(QueueAsBytes), "Function 'BytesQueue'", "takes its queueTrigger as Byte[]")]
    [InlineData(typeof(ValueReturningTimer), "Function 'CountingTimer'", "returns Task`1")]
    [InlineData(typeof(InstanceOrchestrator), "Function 'Stateful'", "not static")]
    [InlineData(typeof(NumberRouteValue), "Function 'NumberedItem'", "parameter 'number' (Int32)")] // the worker would read it as JSON: 01 a 500
    public void A_function_the_local_host_cannot_serve_fails_when_read(Type type, string function, string reason)
    {
        NotSupportedException e = Assert.Throws<NotSupportedException>(() => FunctionReader.Read([type]));

        Assert.Contains(function, e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    public sealed record Factor(int Value);

    public static class EchoApi
    {
        [Function("Echo")]
        public static Task<IActionResult> EchoAsync(
            [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "items/{itemId}")] HttpRequest request,
            string itemId,
            FunctionContext context,
            CancellationToken cancellationToken) =>
            Task.FromResult<IActionResult>(new OkObjectResult((itemId, context.FunctionDefinition.Name, cancellationToken)));
    }

    public sealed class DoubleActivity(Factor factor)
    {
        [Function("Multiply")]
        public Task<int> RunAsync([ActivityTrigger] int input, FunctionContext context) =>
            Task.FromResult(context.FunctionDefinition.Name == "Multiply" && context.InstanceServices.GetService<Factor>() == factor ? input * factor.Value : -1);
    }

    public static class LoggerParameter
    {
        [Function("TakesLogger")]
        public static Task RunAsync([QueueTrigger("q")] string message, ILogger logger) => Task.CompletedTask;
    }

    public static class NoTrigger
    {
        [Function("NoTrigger")]
        public static Task RunAsync(FunctionContext context) => Task.CompletedTask;
    }

    public static class QueueAsBytes
    {
        [Function("BytesQueue")]
        public static Task RunAsync([QueueTrigger("q")] byte[] message) => Task.CompletedTask;
    }

    public static class ValueReturningTimer
    {
        [Function("CountingTimer")]
        public static Task<int> RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer) => Task.FromResult(1);
    }

    public static class NumberRouteValue
    {
        [Function("NumberedItem")]
        public static Task<IActionResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "items/{number:int}")] HttpRequest request, int number) =>
            Task.FromResult<IActionResult>(new OkObjectResult(number));
    }

    public sealed class InstanceOrchestrator
    {
        private readonly int _state = 1;

        [Function("Stateful")]
        public Task<int> RunAsync([OrchestrationTrigger] Microsoft.DurableTask.TaskOrchestrationContext context) => Task.FromResult(_state);
    }
}

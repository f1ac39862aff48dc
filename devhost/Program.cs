using DurableTask.AzureStorage;
using JourneyFunctions.DevHost.Functions;
using JourneyFunctions.DevHost.Hosting;
using JourneyFunctions.DevHost.Triggers;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Hosting;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

// The local host: what `func start` would run, on this machine's Azurite: the Functions app's own [Function] methods.
try
{
    string root = LocalSettings.FindRepositoryRoot();
    WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    // Settings: local.settings(.sample).json "Values", then environment variables and arguments override them.
    builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LocalSettings.Load(root) });
    // Readable console: the app's own logs, and only warnings from the framework plumbing.
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.Logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);
    builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
    builder.Logging.AddFilter("Grpc", LogLevel.Warning);
    // One line per entry, with the run, journey, node and account ids an entry is about ("=> RunId=… NodeId=…").
    builder.Logging.AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.IncludeScopes = true;
        o.TimestampFormat = "HH:mm:ss ";
    });

    // Read first, so a function with a parameter or binding the local host cannot serve stops it here, by name.
    IReadOnlyList<LocalFunction> functions = FunctionReader.App;
    var devHost = new DevHostOptions
    {
        MaxDequeueCount = HostJson.MaxDequeueCount(root),
        QueueBatchSize = HostJson.QueueBatchSize(root),
        QueueRetryDelay = HostJson.QueueVisibilityTimeout(root),
    };
    devHost.Bind(builder.Configuration);
    devHost.Validate();
    builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(devHost));
    // URLs the API returns, and Durable's, point at this host unless PublicBaseUrl says otherwise: its own port, as func
    // start sets WEBSITE_HOSTNAME to its own address (the tests run on other ports).
    builder.Configuration["WEBSITE_HOSTNAME"] = $"localhost:{devHost.HttpPort}";
    AppSettings settings = AppSettings.From(builder.Configuration);
    builder.Services.AddJourneyFunctions(settings);
    builder.Services.AddJourneyTelemetry(builder.Configuration);
    builder.Services.AddDurableBackend(settings, devHost, root);
    builder.Services.AddHostedService<TimerTriggerService>();
    builder.Services.AddHostedService<QueueTriggerService>();
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        kestrel.ListenLocalhost(devHost.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        // The Durable Task sidecar speaks gRPC over cleartext HTTP/2, on loopback only.
        kestrel.Listen(System.Net.IPAddress.Loopback, devHost.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
    });

    await using WebApplication app = builder.Build();

    // A port taken (another host running) is named by its setting, and found before storage is touched: a start that
    // will fail must not first rewrite the sample data and raise its changes' events into that host's runs.
    EnsurePortFree(devHost.HttpPort, "DevHost__HttpPort", bothLoopbacks: true);
    EnsurePortFree(devHost.GrpcPort, "DevHost__GrpcPort", bothLoopbacks: false);
    // Tables, queues and the task hub exist before seeding and before any trigger or worker starts (StorageCreation,
    // registered by AddJourneyFunctions, awaits the same one-time creation when the host starts).
    await app.Services.GetRequiredService<StorageAccount>().EnsureCreatedAsync();
    await app.Services.GetRequiredService<AzureStorageOrchestrationService>().CreateIfNotExistsAsync();
    if (devHost.SeedSampleData)
    {
        int accounts = await SampleDataSeeder.SeedAsync(app.Services, devHost.SamplePeople, CancellationToken.None);
        app.Logger.LogInformation("Sample data loaded: {Accounts} accounts x {People} people", accounts, SampleDataSeeder.PeoplePerAccount);
    }

    app.UseProblemDetails();

    // The sidecar's port is the Durable worker's alone: the API and the page answer on HttpPort only, as documented.
    app.Use((context, next) =>
        context.Connection.LocalPort == devHost.GrpcPort && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true
            ? Results.NotFound().ExecuteAsync(context)
            : next(context));
    app.MapGrpcService<TaskHubGrpcServer>().RequireHost($"*:{devHost.GrpcPort}");
    HttpFunctions.Map(app, functions);

    // The journey map page is the local host's front door.
    app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], () => Results.Redirect("/api/ui/"));

    // Kestrel stops before the other hosted services and waits for open requests, and the Durable worker's work-item
    // stream to the sidecar stays open until the worker stops: stop the worker first, or every shutdown waits out the
    // 30 s shutdown timeout (and timers fire meanwhile).
    // The workers are found now: a start that fails (a port taken) stops the host after its services are disposed.
    IHostedService[] durableWorkers = [.. app.Services.GetServices<IHostedService>().Where(s => s is Microsoft.DurableTask.Worker.Hosting.DurableTaskWorker)];
    app.Lifetime.ApplicationStopping.Register(() =>
    {
        using var stopWithin = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (IHostedService worker in durableWorkers)
        {
            worker.StopAsync(stopWithin.Token).GetAwaiter().GetResult();
        }
    });

    // Started first, so a refusal from a hosted service (a timer's schedule) comes before the line that says the host is up.
    await app.StartAsync();
    app.Logger.LogInformation("Local host on http://localhost:{Port}/api (task hub {Hub}): {Count} functions of the Functions app", devHost.HttpPort, settings.TaskHubName, functions.Count);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // A refused setting or file, or storage out of reach: one line naming it and exit code 1, not a crash dump. Anything
    // else is a fault of the host itself, kept whole with its stack.
    Exception cause = e is TypeInitializationException { InnerException: { } inner } ? inner : e;
    bool refusal = cause is InvalidOperationException or IOException or AggregateException;
    Console.Error.WriteLine($"The local host stopped: {StorageRefusal.Describe(cause) ?? (refusal ? cause.Message.ReplaceLineEndings(" ") : cause.ToString())}");
    return 1;
}

// Refuses a loopback port another process listens on, as Kestrel would when it binds, naming the setting. The HTTP
// port is bound on both loopbacks (ListenLocalhost), so a port held on IPv6's alone is taken too; a machine without an
// IPv6 loopback is no refusal (Kestrel then binds IPv4's only).
static void EnsurePortFree(int port, string setting, bool bothLoopbacks)
{
    System.Net.IPAddress[] addresses = bothLoopbacks && System.Net.Sockets.Socket.OSSupportsIPv6
        ? [System.Net.IPAddress.Loopback, System.Net.IPAddress.IPv6Loopback]
        : [System.Net.IPAddress.Loopback];
    foreach (System.Net.IPAddress address in addresses)
    {
        var probe = new System.Net.Sockets.TcpListener(address, port);
        try
        {
            probe.Start();
        }
        catch (System.Net.Sockets.SocketException e) when (address.Equals(System.Net.IPAddress.Loopback) || e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException($"{setting}: port {port} is taken ({e.Message}); nothing was started or seeded.", e);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // No IPv6 loopback here.
        }
        finally
        {
            probe.Stop();
        }
    }
}

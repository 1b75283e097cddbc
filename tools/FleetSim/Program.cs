using Lakegate.FleetSim;
using Lakegate.FleetSim.Options;

ParsedCommandLine commandLine;
try
{
    commandLine = SimulatorOptionsParser.Parse(args, Environment.GetEnvironmentVariable);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("Run with --help for the options.");
    return ExitCodes.UsageOrProvisioningError;
}

if (commandLine.HelpRequested || commandLine.Options is null)
{
    Console.Out.Write(UsageText.Value);
    return 0;
}

// First Ctrl+C: stop sending and still run the delivery check. Second: abort.
using var stopSending = new CancellationTokenSource();
using var abort = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!stopSending.IsCancellationRequested)
    {
        e.Cancel = true;
        Console.Error.WriteLine("stopping: finishing requests in flight, then checking delivery (Ctrl+C again to abort)");
        stopSending.Cancel();
    }
    else
    {
        abort.Cancel();
    }
};

try
{
    return await new FleetSimulator(commandLine.Options, Console.Out, Console.Error).RunAsync(stopSending.Token, abort.Token);
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    Console.Error.WriteLine("aborted");
    return ExitCodes.DeliveryCheckFailed;
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Entitlements.Storage.Tests;

/// <summary>
/// The silo as an operator runs it: a separate <c>dotnet Entitlements.Silo.dll</c> process started with the README's
/// arguments (<c>--urls</c>, <c>--Orleans:SiloPort</c>, <c>--Orleans:GatewayPort</c>) and configured through the
/// environment, stopped with SIGTERM. Its console output is kept for failure messages.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, Uri address, int siloPort)
    {
        _process = process;
        Address = address;
        SiloPort = siloPort;
    }

    public Uri Address { get; }

    /// <summary>The silo-to-silo port the process was given (<c>--Orleans:SiloPort</c>).</summary>
    public int SiloPort { get; }

    /// <summary>The last lines the process wrote, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length <= 4000 ? text : text[^4000..];
            }
        }
    }

    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var httpPort = PostgresSilo.FreePort();
        var siloPort = PostgresSilo.FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Entitlements.Silo.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{httpPort}");
        start.ArgumentList.Add($"--Orleans:SiloPort={siloPort.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add($"--Orleans:GatewayPort={PostgresSilo.FreePort().ToString(CultureInfo.InvariantCulture)}");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, new Uri($"http://127.0.0.1:{httpPort}"), siloPort);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (joined the cluster, storage answers).</summary>
    public async Task<SiloProcess> ReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.WaitAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"the silo exited with {_process.ExitCode} before it was ready:\n{Output}");
                }

                try
                {
                    return (await client.GetAsync("/health/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
                catch (TaskCanceledException)
                {
                    return HttpStatusCode.RequestTimeout;
                }
            },
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(90),
            $"{Address}health/ready to answer 200");
        return this;
    }

    public HttpClient Admin(string signingKey)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = PostgresSilo.AdminAuthorization(signingKey);
        return client;
    }

    /// <summary>Sends SIGTERM, as Kubernetes or systemd would, and waits for the process to leave; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

# A scripted HTTP server on loopback for the Pester suite: plain http on 127.0.0.1 (the module allows http:// for
# loopback hosts only), one connection per answer, answers given in order, every request kept. For what the emulator
# cannot be asked for from another process: 5xx, 429 with Retry-After, resets, a server that never answers.
# Works in Windows PowerShell 5.1 and pwsh 7 (a TcpListener served from a background runspace).

# One scripted answer. -Kind Reset closes the connection without an answer; -Kind Stall never answers.
function New-StubAnswer {
    param(
        [int] $Status = 200,
        [string] $Body = '{}',
        [hashtable] $Headers = @{},
        [ValidateSet('Answer', 'Reset', 'Stall')] [string] $Kind = 'Answer'
    )
    @{ Kind = $Kind; Status = $Status; Body = $Body; Headers = $Headers }
}

# The answer Connect-Zendesk needs first: GET /api/v2/users/me.json naming a real user.
function New-StubMeAnswer {
    New-StubAnswer -Body '{"user":{"id":7,"name":"Stub Admin","email":"admin@stub.example","role":"admin","verified":true,"active":true}}'
}

function Start-TestStubServer {
    param([Parameter(Mandatory)] [object[]] $Answers)
    $listener = New-Object System.Net.Sockets.TcpListener -ArgumentList ([System.Net.IPAddress]::Loopback), 0
    $listener.Start()
    $state = [hashtable]::Synchronized(@{
            Requests = [System.Collections.ArrayList]::Synchronized((New-Object System.Collections.ArrayList))
            Held     = [System.Collections.ArrayList]::Synchronized((New-Object System.Collections.ArrayList))
        })
    $server = [powershell]::Create()
    $null = $server.AddScript({
            param($listener, $answers, $state)
            $reasons = @{ 200 = 'OK'; 201 = 'Created'; 204 = 'No Content'; 400 = 'Bad Request'; 401 = 'Unauthorized'; 403 = 'Forbidden'; 404 = 'Not Found'
                422 = 'Unprocessable Entity'; 429 = 'Too Many Requests'; 500 = 'Internal Server Error'; 502 = 'Bad Gateway'; 503 = 'Service Unavailable'; 504 = 'Gateway Timeout' }
            foreach ($answer in $answers) {
                try { $client = $listener.AcceptTcpClient() } catch { return }
                $stream = $client.GetStream()
                $received = New-Object System.IO.MemoryStream
                $buffer = New-Object byte[] 65536
                $expected = -1
                while ($true) {
                    $read = $stream.Read($buffer, 0, $buffer.Length)
                    if ($read -le 0) { break }
                    $received.Write($buffer, 0, $read)
                    $text = [System.Text.Encoding]::UTF8.GetString($received.ToArray())
                    $end = $text.IndexOf("`r`n`r`n")
                    if ($end -ge 0) {
                        if ($expected -lt 0) {
                            $length = 0
                            if ($text.Substring(0, $end) -match '(?im)^Content-Length:\s*(\d+)') { $length = [int]$Matches[1] }
                            $expected = [System.Text.Encoding]::UTF8.GetByteCount($text.Substring(0, $end + 4)) + $length
                        }
                        if ($received.Length -ge $expected) { break }
                    }
                }
                $null = $state.Requests.Add([System.Text.Encoding]::UTF8.GetString($received.ToArray()))
                switch ($answer.Kind) {
                    'Reset' {
                        $client.Client.LingerState = New-Object System.Net.Sockets.LingerOption -ArgumentList $true, 0
                        $client.Close()
                    }
                    'Stall' { $null = $state.Held.Add($client) }
                    default {
                        $body = [System.Text.Encoding]::UTF8.GetBytes($answer.Body)
                        $head = "HTTP/1.1 $($answer.Status) $($reasons[$answer.Status])`r`nContent-Type: application/json; charset=utf-8`r`nContent-Length: $($body.Length)`r`nConnection: close`r`n"
                        foreach ($name in $answer.Headers.Keys) { $head += "${name}: $($answer.Headers[$name])`r`n" }
                        $bytes = [System.Text.Encoding]::ASCII.GetBytes("$head`r`n")
                        $stream.Write($bytes, 0, $bytes.Length)
                        $stream.Write($body, 0, $body.Length)
                        $stream.Flush()
                        $client.Close()
                    }
                }
            }
        }).AddArgument($listener).AddArgument($Answers).AddArgument($state)
    $handle = $server.BeginInvoke()
    [pscustomobject]@{
        Url      = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"
        Requests = $state.Requests
        Listener = $listener
        State    = $state
        Server   = $server
        Handle   = $handle
    }
}

function Stop-TestStubServer {
    param([Parameter(Mandatory)] $Stub)
    $Stub.Listener.Stop()
    foreach ($client in @($Stub.State.Held)) { $client.Close() }
    $null = $Stub.Handle.AsyncWaitHandle.WaitOne(5000)
    $Stub.Server.Dispose()
}

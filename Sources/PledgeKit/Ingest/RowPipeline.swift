import Dispatch

/// Runs a `RowReader` on another core, a few chunks ahead of the caller, who decides them in
/// order. On a one-core machine the rows are read inline.
enum RowPipeline {
  static func run<R: Record>(
    _ rows: RowReader<R>, _ consume: (ParsedRows) -> Void
  ) throws(Diagnostic) {
    guard Parallel.cores > 1 else {
      while true {
        let chunk = try rows.nextChunk()
        if chunk.isEndOfFile { return }
        consume(chunk)
      }
    }
    let channel = Channel(capacity: 4)
    let done = DispatchGroup()
    done.enter()
    DispatchQueue.global().async {
      defer { done.leave() }
      while true {
        do throws(Diagnostic) {
          let chunk = try rows.nextChunk()
          channel.send(.success(chunk))
          if chunk.isEndOfFile { return }
        } catch {
          channel.send(.failure(error))
          return
        }
      }
    }
    // The reader stops after sending the end of the file or a failure, and `consume` cannot
    // stop early, so every chunk is received; waiting for the reader at either end means it
    // never outlives this call.
    while true {
      switch channel.receive() {
      case .success(let chunk):
        if chunk.isEndOfFile {
          done.wait()
          return
        }
        consume(chunk)
      case .failure(let error):
        done.wait()
        throw error
      }
    }
  }

  /// A bounded queue between the two stages.
  private final class Channel: @unchecked Sendable {
    private var items: [Result<ParsedRows, Diagnostic>] = []
    private let lock = DispatchSemaphore(value: 1)
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore

    init(capacity: Int) { free = DispatchSemaphore(value: capacity) }

    func send(_ item: Result<ParsedRows, Diagnostic>) {
      free.wait()
      lock.wait()
      items.append(item)
      lock.signal()
      filled.signal()
    }

    func receive() -> Result<ParsedRows, Diagnostic> {
      filled.wait()
      lock.wait()
      let item = items.removeFirst()
      lock.signal()
      free.signal()
      return item
    }
  }
}

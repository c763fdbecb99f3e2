/** An application error: TikTok answers it as HTTP 200 with a non-zero envelope `code`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function paramError(message: string): ApiError {
  return new ApiError(40002, message);
}

export function notFoundError(message: string): ApiError {
  return new ApiError(40007, message);
}

export function permissionError(message: string): ApiError {
  return new ApiError(40001, message);
}

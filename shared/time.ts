/** Dates without a time (a hearing day, a "from" filter) are read in Cambodia's time zone. */
export const APP_TIME_ZONE = 'Asia/Phnom_Penh'
